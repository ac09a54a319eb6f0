/**
 * A ClusterApi that forwards to another and records every call as the Kubernetes authorizer would see the request
 * the client-node adapter sends for it: verb, API group, resource[/subresource], namespace and object name.
 */
import type { ClusterApi, EventRecord, KindInfo, KubeObject, ListOptions, MergePatch, WatchEvent, WatchHandle, WatchOptions } from '../../../src/engine/cluster/types.js';
import { kindInfo } from '../../../src/engine/cluster/kinds/registry.js';

export type RbacVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

export interface ApiRequest {
  readonly verb: RbacVerb;
  readonly group: string;
  /** `subnets`, or `subnets/status` for the status subresource. */
  readonly resource: string;
  /** Absent for cluster-scoped kinds and for lists/watches across all namespaces. */
  readonly namespace?: string;
  /** Absent for create, list and watch (the authorizer sees no name there). */
  readonly name?: string;
}

export function describeRequest(r: ApiRequest): string {
  return `${r.verb} ${r.group || 'core'}/${r.resource}${r.name ? ` ${r.name}` : ''}${r.namespace ? ` in ${r.namespace}` : ''}`;
}

export interface RecordingCluster extends ClusterApi {
  readonly requests: ApiRequest[];
}

export function recordingCluster(inner: ClusterApi): RecordingCluster {
  const requests: ApiRequest[] = [];
  const info = (kind: string): KindInfo => {
    const found = inner.kinds().find((k) => k.kind === kind) ?? kindInfo(kind);
    if (!found) throw new Error(`recording cluster: unknown kind ${kind}`);
    return found;
  };
  // The adapter sends a namespaced single-object call without a namespace to its context's namespace.
  const scope = (k: KindInfo, namespace: string | undefined) => (k.namespaced ? { namespace: namespace ?? 'default' } : {});
  const record = (verb: RbacVerb, kind: string, namespace?: string, name?: string, subresource?: string): void => {
    const k = info(kind);
    const resource = subresource ? `${k.plural}/${subresource}` : k.plural;
    requests.push({ verb, group: k.group, resource, ...scope(k, namespace), ...(name ? { name } : {}) });
  };
  const recordCollection = (verb: RbacVerb, kind: string, options: ListOptions): void => {
    const k = info(kind);
    requests.push({ verb, group: k.group, resource: k.plural, ...(k.namespaced && options.namespace ? { namespace: options.namespace } : {}) });
  };
  return {
    requests,
    kinds: () => inner.kinds(),
    get<T extends KubeObject = KubeObject>(kind: string, name: string, namespace?: string) {
      record('get', kind, namespace, name);
      return inner.get<T>(kind, name, namespace);
    },
    list<T extends KubeObject = KubeObject>(kind: string, options: ListOptions = {}) {
      recordCollection('list', kind, options);
      return inner.list<T>(kind, options);
    },
    watch<T extends KubeObject = KubeObject>(kind: string, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void, onClosed?: (err: Error) => void): Promise<WatchHandle> {
      recordCollection('watch', kind, options);
      return inner.watch<T>(kind, options, onEvent, onClosed);
    },
    create<T extends KubeObject>(object: T) {
      record('create', object.kind, object.metadata.namespace);
      return inner.create(object);
    },
    update<T extends KubeObject>(object: T) {
      record('update', object.kind, object.metadata.namespace, object.metadata.name);
      return inner.update(object);
    },
    patch<T extends KubeObject = KubeObject>(kind: string, name: string, patch: MergePatch, namespace?: string) {
      record('patch', kind, namespace, name);
      return inner.patch<T>(kind, name, patch, namespace);
    },
    updateStatus<T extends KubeObject>(object: T) {
      // Kinds without a status subresource (IP) are replaced whole by the adapter.
      record('update', object.kind, object.metadata.namespace, object.metadata.name, info(object.kind).hasStatus ? 'status' : undefined);
      return inner.updateStatus(object);
    },
    delete(kind: string, name: string, namespace?: string) {
      record('delete', kind, namespace, name);
      return inner.delete(kind, name, namespace);
    },
    recordEvent(event: EventRecord) {
      // The adapter creates a core/v1 Event in the involved object's namespace ('default' for cluster-scoped
      // objects) and patches its count when the same event repeats within ten minutes.
      const namespace = event.involved.namespace || 'default';
      record('create', 'Event', namespace);
      record('patch', 'Event', namespace, 'aggregated-event');
      return inner.recordEvent(event);
    },
  };
}
