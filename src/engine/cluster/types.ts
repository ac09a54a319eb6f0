/**
 * The one interface through which everything in kovn reads and writes cluster objects. Two implementations:
 * the embedded store (lab and tests) and the Kubernetes adapter (@kubernetes/client-node). Reconcilers and
 * actions cannot tell which one they have.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  generateName?: string;
}

/** Any Kubernetes object. Kind-specific types (Subnet, Pod …) narrow `spec` and `status`. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

/** A kind the cluster serves: how it is addressed over the Kubernetes API. */
export interface KindInfo {
  readonly kind: string;
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  /** Kinds with a status subresource ignore `status` on create/update and `spec` on status updates. */
  readonly hasStatus: boolean;
}

export interface ListOptions {
  /** Only this namespace (namespaced kinds); all namespaces when absent. */
  readonly namespace?: string;
  /** Kubernetes label selector syntax: `a=b,c!=d,e in (f,g),!h,i`. */
  readonly labelSelector?: string;
  /** `metadata.name=x`, `metadata.namespace=y`, `spec.nodeName=z` (the fields kovn needs). */
  readonly fieldSelector?: string;
}

export interface ObjectList<T extends KubeObject = KubeObject> {
  readonly items: T[];
  /** The store's resourceVersion at the time of the list: watch from here to miss nothing. */
  readonly resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  readonly type: WatchEventType;
  readonly object: T;
}

export interface WatchOptions extends ListOptions {
  /** Deliver changes after this version. Absent: start with ADDED for every current object. Too old: 410. */
  readonly resourceVersion?: string;
}

export interface WatchHandle {
  stop(): void;
}

/** Merge patch (RFC 7386): objects merge recursively, `null` deletes a key, arrays replace. */
export type MergePatch = Record<string, unknown>;

/** An Event about an object, as `kubectl describe` shows them. */
export interface EventRecord {
  readonly involved: { kind: string; name: string; namespace?: string; uid?: string };
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** The component that reports, e.g. `kovn-controller`. */
  readonly source: string;
}

export interface ClusterApi {
  /** The kinds this cluster serves, by kind name (`Subnet`, `Pod` …). */
  kinds(): readonly KindInfo[];
  get<T extends KubeObject = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined>;
  list<T extends KubeObject = KubeObject>(kind: string, options?: ListOptions): Promise<ObjectList<T>>;
  /**
   * Calls `onEvent` for every change, in order. `onClosed` is called once if the watch ends for any reason other
   * than `stop()` (410 Gone, connection lost); the caller then re-lists and watches again.
   */
  watch<T extends KubeObject = KubeObject>(
    kind: string,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClosed?: (err: Error) => void,
  ): Promise<WatchHandle>;
  /** Fails with AlreadyExists (409) if the object exists; Invalid (422) if it breaks the kind's schema. */
  create<T extends KubeObject>(object: T): Promise<T>;
  /** Optimistic concurrency: a resourceVersion that is not the current one fails with Conflict (409). */
  update<T extends KubeObject>(object: T): Promise<T>;
  patch<T extends KubeObject = KubeObject>(kind: string, name: string, patch: MergePatch, namespace?: string): Promise<T>;
  /** Writes only `status` (the status subresource); the rest of the object is ignored. */
  updateStatus<T extends KubeObject>(object: T): Promise<T>;
  /**
   * Deletes the object, or, while it has finalizers, sets `deletionTimestamp` and leaves removal to the
   * update that clears the last finalizer. NotFound (404) when absent.
   */
  delete(kind: string, name: string, namespace?: string): Promise<void>;
  recordEvent(event: EventRecord): Promise<void>;
}
