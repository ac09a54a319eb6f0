import { EventEmitter } from 'node:events';
import type { ClusterApi, KubeObject, ListOptions, WatchHandle } from './types.js';
import { isApiError } from './api-error.js';

/** What a cache of one kind knows about its source, for status lines and the TUI header. */
export type InformerState = 'syncing' | 'ready' | 'disconnected' | 'forbidden';

export interface InformerEvents<T extends KubeObject> {
  add: [obj: T];
  update: [obj: T, old: T];
  delete: [obj: T];
  state: [state: InformerState, detail?: string];
  /** After the first full list (and after every re-list) the cache holds the whole kind. */
  synced: [];
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/**
 * A cache of one kind kept current by list + watch, re-listing with backoff whenever the watch closes (410,
 * lost connection, 5xx, 403). Works the same over the embedded store and the Kubernetes adapter.
 */
export class Informer<T extends KubeObject = KubeObject> extends EventEmitter<InformerEvents<T>> {
  private readonly cache = new Map<string, T>();
  private handle: WatchHandle | undefined;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private currentState: InformerState = 'syncing';
  private hasSynced = false;

  constructor(
    private readonly api: ClusterApi,
    readonly kind: string,
    private readonly options: ListOptions = {},
  ) {
    super();
  }

  get state(): InformerState {
    return this.currentState;
  }

  get synced(): boolean {
    return this.hasSynced;
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  get size(): number {
    return this.cache.size;
  }

  start(): void {
    this.stopped = false;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.handle?.stop();
    this.handle = undefined;
  }

  /** Resolves after the first full list. */
  async waitForSync(): Promise<void> {
    if (this.hasSynced) return;
    await new Promise<void>((resolve) => this.once('synced', resolve));
  }

  private setState(state: InformerState, detail?: string): void {
    if (state === this.currentState && detail === undefined) return;
    this.currentState = state;
    this.emit('state', state, detail);
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    try {
      const list = await this.api.list<T>(this.kind, this.options);
      if (this.stopped) return;
      this.replace(list.items);
      this.failures = 0;
      this.hasSynced = true;
      this.setState('ready');
      this.emit('synced');
      this.handle = await this.api.watch<T>(
        this.kind,
        { ...this.options, resourceVersion: list.resourceVersion },
        (ev) => this.apply(ev.type, ev.object),
        (err) => this.closed(err),
      );
      if (this.stopped) this.handle.stop();
    } catch (err) {
      this.closed(err);
    }
  }

  private closed(err: unknown): void {
    this.handle = undefined;
    if (this.stopped) return;
    if (isApiError(err, 'Gone')) {
      // The watch fell behind the server's history: a fresh list is the normal recovery, no backoff.
      void this.run();
      return;
    }
    this.failures++;
    const message = err instanceof Error ? err.message : String(err);
    this.setState(isApiError(err, 'Forbidden') || isApiError(err, 'Unauthorized') ? 'forbidden' : 'disconnected', message);
    const delay = Math.min(30_000, 200 * 2 ** Math.min(this.failures - 1, 8));
    this.retryTimer = setTimeout(() => void this.run(), delay / 2 + Math.random() * (delay / 2));
    this.retryTimer.unref();
  }

  /** Replaces the cache by a full list, emitting only the differences. */
  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      this.apply('ADDED', obj);
    }
    for (const [key, old] of this.cache) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.emit('delete', old);
      }
    }
  }

  private apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void {
    const key = objectKey(obj);
    const old = this.cache.get(key);
    if (type === 'DELETED') {
      if (old) {
        this.cache.delete(key);
        this.emit('delete', obj);
      }
      return;
    }
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    this.cache.set(key, obj);
    if (old) this.emit('update', obj, old);
    else this.emit('add', obj);
  }
}
