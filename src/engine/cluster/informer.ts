import { EventEmitter } from 'node:events';
import type { ClusterApi, KubeObject, ListOptions } from './types.js';
import { Informer as ListWatchCache } from './kube/informer.js';
import { SourceStates, type SourcePhase } from './kube/source-state.js';

/** What a cache of one kind knows about its source, for status lines and the TUI header. */
export type InformerState = SourcePhase;

export interface InformerEvents<T extends KubeObject> {
  add: [obj: T];
  update: [obj: T, old: T];
  delete: [obj: T];
  state: [state: InformerState, detail?: string];
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/**
 * An event-emitting view of one kind's list + watch cache (`kube/informer.ts` does the listing, watching,
 * re-listing on 410 and backoff after failures, over any ClusterApi). Reconcilers and the lab subscribe with
 * `on('add' | 'update' | 'delete')` and read the cache by `namespace/name` key.
 */
export class Informer<T extends KubeObject = KubeObject> extends EventEmitter<InformerEvents<T>> {
  private readonly cache: ListWatchCache<T>;
  private readonly states = new SourceStates();
  private currentState: InformerState = 'syncing';

  constructor(api: ClusterApi, readonly kind: string, options: ListOptions = {}) {
    super();
    this.cache = new ListWatchCache<T>(
      api,
      kind,
      {
        onAdd: (obj) => this.emit('add', obj),
        onUpdate: (obj, old) => this.emit('update', obj, old),
        onDelete: (obj) => this.emit('delete', obj),
      },
      { ...options, states: this.states },
    );
    this.states.subscribe((s) => {
      this.currentState = s.phase;
      this.emit('state', s.phase, s.message);
    });
  }

  get state(): InformerState {
    return this.currentState;
  }

  get synced(): boolean {
    return this.cache.synced();
  }

  /** The cached object with key `namespace/name` (or `name` for cluster-scoped kinds). */
  get(key: string): T | undefined {
    const slash = key.indexOf('/');
    return slash < 0 ? this.cache.get(key) : this.cache.get(key.slice(slash + 1), key.slice(0, slash));
  }

  list(): T[] {
    return this.cache.list();
  }

  get size(): number {
    return this.cache.list().length;
  }

  start(): void {
    this.cache.start();
  }

  stop(): void {
    void this.cache.stop();
  }

  /** Resolves after the first full list. */
  waitForSync(): Promise<void> {
    return this.cache.waitForSync();
  }
}
