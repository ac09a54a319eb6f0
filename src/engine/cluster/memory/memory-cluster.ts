import { join } from 'node:path';
import { ApiError, type FieldCause } from '../api-error.js';
import { builtinKinds } from '../kinds/registry.js';
import { parseLabelSelector, matchesLabels } from '../label-selector.js';
import { applyMergePatch } from '../merge-patch.js';
import { pruneObject, validateObject } from '../schema/validate.js';
import type {
  ClusterApi,
  EventRecord,
  KindInfo,
  KubeObject,
  ListOptions,
  MergePatch,
  ObjectList,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../types.js';
import { alreadyExists, conflict, invalid, notFound, unknownKind } from './api-errors.js';
import { initialStatus, keepsStatusOnCreate } from './creation-defaults.js';
import { aggregationKey, aggregationKeyOfStored, newEventObject } from './event-aggregation.js';
import { matchesFields, parseFieldSelector } from './field-selector.js';
import { generatedName, jsonCopy, kubeTimestamp, newUid } from './object-metadata.js';
import { checkNoNewFinalizers, updatedObject } from './updated-object.js';
import { ObjectIndex } from './object-index.js';
import { OwnerIndex } from './owner-index.js';
import { StoreJournal, type StoredChange } from './store-journal.js';
import { WatchHub, type StoreChange } from './watch-hub.js';

export interface MemoryClusterOptions {
  /** Directory of the journal and snapshot; absent: the store lives in memory only (tests). */
  readonly stateDir?: string;
  /** The kinds served; default: every built-in kind of the kinds registry. */
  readonly kinds?: readonly KindInfo[];
  /**
   * Schema check before every write, given the stored object on updates (for immutable fields); default:
   * `validateObject` (deploy/crds and the core schemas).
   */
  readonly validate?: (obj: KubeObject, old?: KubeObject) => readonly FieldCause[];
  /** Drops fields the kind's schema does not declare; default: `pruneObject`. */
  readonly prune?: (obj: KubeObject) => KubeObject;
  /** How many changes are kept for watches that resume from a resourceVersion (default 20,000; each kept change holds the object versions it carries). */
  readonly watchHistory?: number;
  /** How many distinct events `recordEvent` keeps; the least recently seen go first (default 5,000). */
  readonly maxEvents?: number;
  /** Journal size that triggers a snapshot (default 64 MiB). */
  readonly compactBytes?: number;
}

/** Where a lab keeps its store inside its state directory. */
export function clusterStoreDir(labStateDir: string): string {
  return join(labStateDir, 'cluster');
}

/** Opens the embedded store: restores it from `stateDir` when given (creating it if new), else an empty one. */
export async function openMemoryCluster(options: MemoryClusterOptions = {}): Promise<MemoryCluster> {
  const store = new MemoryCluster(options);
  if (options.stateDir) await store.attachJournal(options.stateDir, options.compactBytes);
  return store;
}

/** What one write did: the object as stored (or removed), and a promise that settles once it is durable. */
interface WriteResult {
  readonly object: KubeObject;
  readonly durable: Promise<void>;
}

/** How a write is carried out. */
export interface WriteOptions {
  /** Check and compute the result as for a real write, but store nothing (`?dryRun=All`). */
  readonly dryRun?: boolean;
}

type NamespacedRef = { info: KindInfo; namespace: string; name: string };

/**
 * The embedded object store: kovn's cluster when it runs as a lab, and the fixture of its tests. Implements
 * `ClusterApi` with the semantics of a Kubernetes API server (resourceVersions from one global counter,
 * optimistic concurrency, watch from a version, finalizers, a status subresource, schema validation), held in
 * memory and journaled to disk. Every write is applied synchronously, so a read-modify-write inside one call
 * is atomic, and acknowledged (its promise resolved, its watch event sent) only once it is on disk.
 */
export class MemoryCluster implements ClusterApi {
  private readonly index = new ObjectIndex();
  private readonly owners = new OwnerIndex();
  private readonly kindByName = new Map<string, KindInfo>();
  private readonly servedKinds: readonly KindInfo[];
  private readonly validate: (obj: KubeObject, old?: KubeObject) => readonly FieldCause[];
  private readonly prune: (obj: KubeObject) => KubeObject;
  private readonly eventNames = new Map<string, { namespace: string; name: string }>();
  private rv = 0;
  private hub: WatchHub;
  private journal: StoreJournal | undefined;
  private closed = false;

  constructor(private readonly options: MemoryClusterOptions = {}) {
    this.servedKinds = options.kinds ?? builtinKinds;
    for (const k of this.servedKinds) {
      for (const name of [k.kind, k.plural, ...(k.shortNames ?? [])]) {
        if (!this.kindByName.has(name.toLowerCase())) this.kindByName.set(name.toLowerCase(), k);
      }
      this.kindByName.set(k.kind, k);
    }
    this.validate = options.validate ?? validateObject;
    this.prune = options.prune ?? pruneObject;
    this.hub = new WatchHub(0, options.watchHistory);
  }

  /** @internal Restores the journaled state; called once by `openMemoryCluster`. */
  async attachJournal(dir: string, compactBytes?: number): Promise<void> {
    const { journal, loaded } = await StoreJournal.open(dir, () => this.snapshotSource(), compactBytes);
    for (const change of loaded.changes) this.restore(change);
    this.rv = loaded.rv;
    this.hub = new WatchHub(this.rv, this.options.watchHistory);
    this.journal = journal;
  }

  private restore(change: StoredChange): void {
    const slash = change.key.indexOf('/');
    const namespace = change.key.slice(0, slash);
    const name = change.key.slice(slash + 1);
    const before = this.index.get(change.kind, namespace, name);
    this.owners.track({ kind: change.kind, namespace, name }, before, (change.object as KubeObject | null) ?? undefined);
    if (change.object === null) this.index.remove(change.kind, namespace, name);
    else {
      const obj = change.object as KubeObject;
      this.index.set(change.kind, namespace, name, obj);
      if (change.kind === 'Event') this.eventNames.set(aggregationKeyOfStored(obj), { namespace, name });
    }
  }

  private snapshotSource() {
    const index = this.index;
    return {
      rv: this.rv,
      objects: (function* () {
        for (const { kind, object } of index.all()) {
          yield { kind, key: `${object.metadata.namespace ?? ''}/${object.metadata.name}`, json: JSON.stringify(object) };
        }
      })(),
    };
  }

  /** Flushes pending writes, ends every watch and releases the state directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.closeAll(new Error('the cluster store closed'));
    await this.journal?.close();
  }

  /** The store's current resourceVersion. */
  currentResourceVersion(): string {
    return String(this.rv);
  }

  kinds(): readonly KindInfo[] {
    return this.servedKinds;
  }

  /** The kind for a kind name, plural or short name (case-insensitive); NotFound when not served. */
  resolveKind(name: string): KindInfo {
    const info = this.kindByName.get(name) ?? this.kindByName.get(name.toLowerCase());
    if (!info) throw unknownKind(name);
    return info;
  }

  private kindOfObject(obj: KubeObject): KindInfo {
    if (!obj || typeof obj !== 'object' || !obj.metadata || typeof obj.metadata !== 'object') {
      throw new ApiError(400, 'BadRequest', 'the object has no metadata');
    }
    const info = this.kindByName.get(obj.kind);
    const apiVersion = info ? (info.group ? `${info.group}/${info.version}` : info.version) : undefined;
    if (!info || apiVersion !== obj.apiVersion) throw unknownKind(String(obj.kind), String(obj.apiVersion));
    return info;
  }

  private namespaceOf(info: KindInfo, namespace: string | undefined): string {
    return info.namespaced ? namespace || 'default' : '';
  }

  private ref(kind: string, name: string, namespace: string | undefined): NamespacedRef {
    const info = this.resolveKind(kind);
    return { info, namespace: this.namespaceOf(info, namespace), name };
  }

  async get<T extends KubeObject = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined> {
    const r = this.ref(kind, name, namespace);
    const obj = this.index.get(r.info.kind, r.namespace, name);
    return obj ? (structuredClone(obj) as T) : undefined;
  }

  async list<T extends KubeObject = KubeObject>(kind: string, options: ListOptions = {}): Promise<ObjectList<T>> {
    const info = this.resolveKind(kind);
    const matches = this.matcher(info, options);
    const namespace = info.namespaced && options.namespace ? options.namespace : undefined;
    const items: T[] = [];
    for (const obj of this.index.objects(info.kind, namespace)) if (matches(obj)) items.push(structuredClone(obj) as T);
    items.sort(byNamespaceAndName);
    return { items, resourceVersion: String(this.rv) };
  }

  private matcher(info: KindInfo, options: ListOptions): (obj: KubeObject) => boolean {
    const labels = parseLabelSelector(options.labelSelector);
    const fields = parseFieldSelector(options.fieldSelector);
    const namespace = info.namespaced ? options.namespace : undefined;
    return (obj) =>
      (namespace === undefined || obj.metadata.namespace === namespace) &&
      matchesLabels(labels, obj.metadata.labels) &&
      matchesFields(fields, obj);
  }

  async watch<T extends KubeObject = KubeObject>(
    kind: string,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClosed?: (err: Error) => void,
    onInitialEventsEnd?: (resourceVersion: string) => void,
  ): Promise<WatchHandle> {
    const info = this.resolveKind(kind);
    const matches = this.matcher(info, options);
    let stopped = false;
    const deliver = (event: WatchEvent) => {
      if (!stopped) onEvent(event as WatchEvent<T>);
    };
    const close = (err: Error) => {
      if (stopped) return;
      stopped = true;
      onClosed?.(err);
    };
    const rvText = options.resourceVersion;
    const resume = rvText !== undefined && rvText !== '' && rvText !== '0';
    const fromRv = resume ? Number(rvText) : this.rv;
    if (!Number.isSafeInteger(fromRv) || fromRv < 0) throw new ApiError(400, 'BadRequest', `invalid resourceVersion "${rvText}"`);
    const unsubscribe = this.hub.subscribe({ kind: info.kind, afterRv: fromRv, matches, deliver, close }, fromRv);
    if (!resume) {
      // No version: the watcher first hears of every current object, then of changes after them.
      const namespace = info.namespaced ? options.namespace : undefined;
      for (const obj of [...this.index.objects(info.kind, namespace)].sort(byNamespaceAndName)) {
        if (matches(obj)) deliver({ type: 'ADDED', object: structuredClone(obj) });
      }
      onInitialEventsEnd?.(String(fromRv));
    }
    return {
      stop: () => {
        stopped = true;
        unsubscribe();
      },
    };
  }

  async create<T extends KubeObject>(object: T): Promise<T> {
    return this.settle(this.createNow(object)) as Promise<T>;
  }

  async update<T extends KubeObject>(object: T): Promise<T> {
    return this.settle(this.updateNow(object, 'main')) as Promise<T>;
  }

  async updateStatus<T extends KubeObject>(object: T): Promise<T> {
    return this.settle(this.updateNow(object, 'status')) as Promise<T>;
  }

  async patch<T extends KubeObject = KubeObject>(kind: string, name: string, patch: MergePatch, namespace?: string): Promise<T> {
    return this.modify(kind, name, namespace, (current) => applyMergePatch(current, patch) as KubeObject) as Promise<T>;
  }

  /** A merge patch of the status subresource: only `status` of the result is kept. */
  async patchStatus<T extends KubeObject = KubeObject>(kind: string, name: string, patch: MergePatch, namespace?: string): Promise<T> {
    return this.modify(kind, name, namespace, (current) => applyMergePatch(current, patch) as KubeObject, 'status') as Promise<T>;
  }

  /**
   * Read-modify-write in one step: `change` gets a copy of the current object and returns the new one. The
   * current resourceVersion applies unless `change` sets one (a precondition, which may then conflict).
   */
  async modify(
    kind: string,
    name: string,
    namespace: string | undefined,
    change: (current: KubeObject) => KubeObject,
    path: 'main' | 'status' = 'main',
    options: WriteOptions = {},
  ): Promise<KubeObject> {
    const r = this.ref(kind, name, namespace);
    const current = this.index.get(r.info.kind, r.namespace, name);
    if (!current) throw notFound(r.info, name);
    const next = change(structuredClone(current));
    if (!next || typeof next !== 'object' || Array.isArray(next)) throw new ApiError(400, 'BadRequest', 'the patch does not produce an object');
    const meta = (next.metadata ??= { name });
    meta.resourceVersion ??= current.metadata.resourceVersion;
    return this.settle(this.updateNow({ ...next, apiVersion: current.apiVersion, kind: current.kind }, path, options));
  }

  async delete(kind: string, name: string, namespace?: string): Promise<void> {
    await this.settle(this.deleteNow(this.ref(kind, name, namespace)));
  }

  /** Like `delete`, returning the object as it was removed or, with finalizers, as it now waits. */
  async deleteAndReturn(kind: string, name: string, namespace?: string, options: WriteOptions = {}): Promise<{ object: KubeObject; removed: boolean }> {
    const r = this.ref(kind, name, namespace);
    if (options.dryRun) {
      const current = this.index.get(r.info.kind, r.namespace, name);
      if (!current) throw notFound(r.info, name);
      return { object: structuredClone(current), removed: !current.metadata.finalizers?.length };
    }
    const result = this.deleteNow(r);
    const object = await this.settle(result);
    return { object, removed: !object.metadata.deletionTimestamp || !object.metadata.finalizers?.length };
  }

  async recordEvent(event: EventRecord): Promise<void> {
    const key = aggregationKey(event);
    const now = kubeTimestamp(new Date());
    const known = this.eventNames.get(key);
    const existing = known ? this.index.get('Event', known.namespace, known.name) : undefined;
    // Re-inserting keeps the map ordered from least to most recently seen, for eviction.
    this.eventNames.delete(key);
    if (existing) {
      this.eventNames.set(key, known!);
      const next = { ...structuredClone(existing), count: Number(existing.count ?? 1) + 1, lastTimestamp: now };
      await this.settle(this.updateNow(next, 'main'));
      return;
    }
    const created = this.createNow(newEventObject(event, now));
    this.eventNames.set(key, { namespace: created.object.metadata.namespace ?? 'default', name: created.object.metadata.name });
    const evicted = this.evictOldEvents();
    await Promise.all([this.settle(created), ...evicted]);
  }

  /** Events are kept for the most recent `maxEvents` distinct occurrences, as the API server's event TTL would. */
  private evictOldEvents(): Promise<unknown>[] {
    const max = this.options.maxEvents ?? 5000;
    const evicted: Promise<unknown>[] = [];
    for (const [key, ref] of this.eventNames) {
      if (this.eventNames.size <= max) break;
      this.eventNames.delete(key);
      const info = this.kindByName.get('Event');
      if (info && this.index.get('Event', ref.namespace, ref.name)) evicted.push(this.settle(this.deleteNow({ info, namespace: ref.namespace, name: ref.name })));
    }
    return evicted;
  }

  /** Waits until the write is durable, then hands out a copy the caller may change. */
  private async settle(result: WriteResult): Promise<KubeObject> {
    await result.durable;
    return structuredClone(result.object);
  }

  private checkOpen(): void {
    if (this.closed) throw new ApiError(503, 'ServiceUnavailable', 'the cluster store is closed');
  }

  private checkValid(info: KindInfo, obj: KubeObject, old?: KubeObject): void {
    const causes = this.validate(obj, old);
    if (causes.length) throw invalid(info, obj.metadata.name, causes);
  }

  /** What `create` would store (defaults, pruning, validation), without storing it: server-side dry run. */
  dryRunCreate(input: KubeObject): KubeObject {
    return structuredClone(this.prepareCreate(input).stored);
  }

  private createNow(input: KubeObject): WriteResult {
    const { info, namespace, stored } = this.prepareCreate(input);
    return this.commit(info, namespace, stored.metadata.name, stored, 'ADDED');
  }

  private prepareCreate(input: KubeObject): { info: KindInfo; namespace: string; stored: KubeObject } {
    this.checkOpen();
    const info = this.kindOfObject(input);
    const obj = jsonCopy(input);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = generatedName(meta.generateName);
    if (!meta.name) {
      throw invalid(info, '', [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'metadata.name: Required value: name or generateName is required' }]);
    }
    const namespace = this.namespaceOf(info, meta.namespace);
    if (info.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    if (this.index.get(info.kind, namespace, meta.name)) throw alreadyExists(info, meta.name);
    if (info.hasStatus && !keepsStatusOnCreate(obj)) {
      delete obj.status;
      const status = initialStatus(obj);
      if (status) obj.status = status;
    }
    const stored = this.prune(obj);
    this.checkValid(info, stored);
    stored.metadata = {
      ...meta,
      uid: newUid(),
      creationTimestamp: kubeTimestamp(new Date()),
      generation: 1,
    };
    delete stored.metadata.deletionTimestamp;
    return { info, namespace, stored };
  }

  /** `update`/`updateStatus` with write options (server-side dry run). */
  async replace(object: KubeObject, path: 'main' | 'status', options: WriteOptions = {}): Promise<KubeObject> {
    return this.settle(this.updateNow(object, path, options));
  }

  private updateNow(input: KubeObject, path: 'main' | 'status', options: WriteOptions = {}): WriteResult {
    this.checkOpen();
    const info = this.kindOfObject(input);
    const obj = jsonCopy(input);
    const name = obj.metadata.name;
    const namespace = this.namespaceOf(info, obj.metadata.namespace);
    const current = this.index.get(info.kind, namespace, name);
    if (!current) throw notFound(info, name);
    const wanted = obj.metadata.resourceVersion;
    if (wanted && wanted !== current.metadata.resourceVersion) throw conflict(info, name);
    let next = updatedObject(info, current, obj, path, this.prune);
    next = jsonCopy(next);
    // As the API server does, an update that changes nothing is not a write: no new version, no event.
    if (JSON.stringify(next) === JSON.stringify(current)) return { object: current, durable: Promise.resolve() };
    this.checkValid(info, next, current);
    checkNoNewFinalizers(info, current, next);
    if (options.dryRun) return { object: next, durable: Promise.resolve() };
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length) {
      return this.commit(info, namespace, name, null, 'DELETED', next);
    }
    return this.commit(info, namespace, name, next, 'MODIFIED', current);
  }

  private deleteNow(r: NamespacedRef): WriteResult {
    this.checkOpen();
    const current = this.index.get(r.info.kind, r.namespace, r.name);
    if (!current) throw notFound(r.info, r.name);
    if (current.metadata.finalizers?.length) {
      if (current.metadata.deletionTimestamp) return { object: current, durable: Promise.resolve() };
      const marked = { ...current, metadata: { ...current.metadata, deletionTimestamp: kubeTimestamp(new Date()), deletionGracePeriodSeconds: 0 } };
      return this.commit(r.info, r.namespace, r.name, marked, 'MODIFIED', current);
    }
    const removed = this.commit(r.info, r.namespace, r.name, null, 'DELETED', current);
    if (r.info.kind === 'Namespace') return { ...removed, durable: Promise.all([removed.durable, this.deleteNamespaceContent(r.name)]).then(() => undefined) };
    return removed;
  }

  /** Deleting a namespace deletes what is in it (finalizers still hold their objects back). */
  private async deleteNamespaceContent(namespace: string): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const info of this.servedKinds) {
      if (!info.namespaced) continue;
      for (const obj of [...this.index.objects(info.kind, namespace)]) {
        pending.push(this.settle(this.deleteNow({ info, namespace, name: obj.metadata.name })));
      }
    }
    await Promise.all(pending);
  }

  /**
   * Applies one change: a new version from the global counter, the index, the journal, and — once the journal
   * has it on disk — the watchers.
   */
  private commit(
    info: KindInfo,
    namespace: string,
    name: string,
    next: KubeObject | null,
    type: StoreChange['type'],
    previous?: KubeObject,
  ): WriteResult {
    const rv = ++this.rv;
    const stored = next ?? { ...previous!, metadata: { ...previous!.metadata } };
    stored.metadata.resourceVersion = String(rv);
    const before = this.index.get(info.kind, namespace, name);
    if (next) this.index.set(info.kind, namespace, name, next);
    else this.index.remove(info.kind, namespace, name);
    this.owners.track({ kind: info.kind, namespace, name }, before, next ?? undefined);
    const change: StoreChange = { rv, kind: info.kind, type, object: stored, ...(previous && next ? { previous } : {}) };
    const written = this.journal?.append(rv, info.kind, `${namespace}/${name}`, next ? JSON.stringify(next) : null);
    const durable = written ? written.then(() => this.hub.publish(change)) : Promise.resolve(this.hub.publish(change));
    const collected = !next && before?.metadata.uid ? this.collectGarbage(before.metadata.uid) : [];
    return { object: stored, durable: collected.length ? Promise.all([durable, ...collected]).then(() => undefined) : durable };
  }

  /**
   * Background cascading deletion, as the garbage collector does it: dependents whose owners are all gone are
   * deleted (their own finalizers still hold them back).
   */
  private collectGarbage(ownerUid: string): Promise<unknown>[] {
    const pending: Promise<unknown>[] = [];
    for (const ref of this.owners.orphansOf(ownerUid)) {
      const info = this.kindByName.get(ref.kind);
      const obj = this.index.get(ref.kind, ref.namespace, ref.name);
      if (!info || !obj || obj.metadata.deletionTimestamp) continue;
      pending.push(this.deleteNow({ info, namespace: ref.namespace, name: ref.name }).durable);
    }
    return pending;
  }
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
