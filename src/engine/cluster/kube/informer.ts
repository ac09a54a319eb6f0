import { ApiError, isApiError } from '../api-error.js';
import type { ClusterApi, KubeObject, ListOptions, WatchEvent, WatchHandle } from '../types.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { SourceStates } from './source-state.js';

export interface InformerHandlers<T extends KubeObject> {
  onAdd?(object: T): void;
  onUpdate?(object: T, previous: T): void;
  onDelete?(object: T): void;
}

export interface InformerOptions extends ListOptions {
  readonly backoff?: BackoffOptions;
  /** Where the informer reports its phase (default: a private SourceStates). */
  readonly states?: SourceStates;
  /** Key in `states` (default: the kind). */
  readonly stateKey?: string;
  /** Handler exceptions land here instead of stopping the informer. */
  readonly onHandlerError?: (err: unknown) => void;
}

/** A watch that lasted less than this and ended cleanly counts as a failure for the backoff (no tight loop). */
const SHORT_WATCH_MS = 1000;

/**
 * A cache of one kind that follows the cluster: LIST, then WATCH from the list's resourceVersion; re-watches when
 * the server ends a watch, re-lists on 410 Gone, and — unlike client-node's informer, which stops on any other
 * error — keeps retrying with exponential backoff after 403, 5xx and lost connections, reporting its phase
 * (`syncing`, `ready`, `forbidden`, `disconnected`) to `states`. Works on any ClusterApi.
 * After a re-list, handlers see adds, updates and deletes for what changed while it was away.
 */
export class Informer<T extends KubeObject = KubeObject> {
  readonly states: SourceStates;
  private readonly cache = new Map<string, T>();
  private readonly backoff: Backoff;
  private readonly stateKey: string;
  private resourceVersion = '';
  private hasSynced = false;
  private stopped = true;
  private running: Promise<void> | undefined;
  private watchHandle: WatchHandle | undefined;
  private wake: (() => void) | undefined;
  /** Ends the current watchOnce(): stop() on a handle does not call onClosed, by the ClusterApi contract. */
  private endWatch: ((err: Error) => void) | undefined;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(
    private readonly cluster: ClusterApi,
    readonly kind: string,
    private readonly handlers: InformerHandlers<T> = {},
    private readonly options: InformerOptions = {},
  ) {
    this.states = options.states ?? new SourceStates();
    this.stateKey = options.stateKey ?? kind;
    this.backoff = new Backoff(options.backoff);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.states.set(this.stateKey, 'syncing', `listing ${this.kind}`);
    this.running = this.run();
  }

  /** Stops watching and retrying; the cache keeps its last contents. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watchHandle?.stop();
    this.endWatch?.(new Error('informer stopped'));
    this.wake?.();
    await this.running;
  }

  synced(): boolean {
    return this.hasSynced;
  }

  /** Resolves after the first complete list (at once if that already happened). */
  waitForSync(): Promise<void> {
    if (this.hasSynced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  get(name: string, namespace?: string): T | undefined {
    return this.cache.get(keyOf(name, namespace));
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let items: T[];
      try {
        const listed = await this.cluster.list<T>(this.kind, this.listOptions());
        items = listed.items;
        this.resourceVersion = listed.resourceVersion;
      } catch (err) {
        await this.failAndWait(err);
        continue;
      }
      if (this.stopped) break;
      this.replaceAll(items);
      this.markSynced();
      await this.watchUntilRelistNeeded();
    }
  }

  /** Watches (again and again) from the last seen resourceVersion; returns when a re-list is due. */
  private async watchUntilRelistNeeded(): Promise<void> {
    while (!this.stopped) {
      const startedAt = Date.now();
      const { ended, started } = await this.watchOnce();
      if (this.stopped) return;
      // Only a watch that held for a while proves the server healthy again; quick failures keep growing the delay.
      const short = Date.now() - startedAt < SHORT_WATCH_MS;
      if (started && !short) this.backoff.reset();
      if (isApiError(ended, 'Gone')) return; // our resourceVersion is too old: re-list now
      if (started && !(ended instanceof ApiError)) {
        // The server ended the watch normally (its timeout): watch again from where we were.
        if (short) await this.sleep(this.backoff.next());
        continue;
      }
      await this.failAndWait(ended);
      return;
    }
  }

  /** One watch from the last resourceVersion: how it ended, and whether it had started at all. */
  private watchOnce(): Promise<{ ended: Error; started: boolean }> {
    let started = false;
    return new Promise<Error>((resolve) => {
      this.endWatch = resolve;
      this.cluster
        .watch<T>(this.kind, { ...this.listOptions(), resourceVersion: this.resourceVersion }, (event) => this.apply(event), resolve)
        .then((handle) => {
          started = true;
          this.watchHandle = handle;
          if (this.stopped) return handle.stop();
          this.states.set(this.stateKey, 'ready', `watching ${this.kind}`);
        })
        .catch((err: unknown) => resolve(err instanceof Error ? err : new Error(String(err))));
    })
      .then((ended) => ({ ended, started }))
      .finally(() => {
        this.watchHandle = undefined;
        this.endWatch = undefined;
      });
  }

  private apply(event: WatchEvent<T>): void {
    const object = event.object;
    if (object.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
    const key = keyOf(object.metadata.name, object.metadata.namespace);
    const previous = this.cache.get(key);
    if (event.type === 'DELETED') {
      this.cache.delete(key);
      this.call(() => this.handlers.onDelete?.(object));
      return;
    }
    this.cache.set(key, object);
    if (!previous) this.call(() => this.handlers.onAdd?.(object));
    else this.call(() => this.handlers.onUpdate?.(object, previous));
  }

  private replaceAll(items: T[]): void {
    const seen = new Set<string>();
    for (const object of items) {
      const key = keyOf(object.metadata.name, object.metadata.namespace);
      seen.add(key);
      const previous = this.cache.get(key);
      this.cache.set(key, object);
      if (!previous) this.call(() => this.handlers.onAdd?.(object));
      else if (previous.metadata.resourceVersion !== object.metadata.resourceVersion) this.call(() => this.handlers.onUpdate?.(object, previous));
    }
    for (const [key, object] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.cache.delete(key);
      this.call(() => this.handlers.onDelete?.(object));
    }
  }

  /** The cache is complete; the phase turns `ready` only once the watch is up too (no flapping while it fails). */
  private markSynced(): void {
    if (this.hasSynced) return;
    this.hasSynced = true;
    for (const resolve of this.syncWaiters.splice(0)) resolve();
  }

  private async failAndWait(err: unknown): Promise<void> {
    if (this.stopped) return;
    const delay = this.backoff.next();
    const retryAt = new Date(Date.now() + delay);
    const apiError = err instanceof ApiError ? err : undefined;
    const message = describeFailure(this.kind, err);
    if (apiError && (apiError.code === 401 || apiError.code === 403)) {
      this.states.set(this.stateKey, 'forbidden', message, { retryAt, code: apiError.code });
    } else {
      this.states.set(this.stateKey, 'disconnected', message, { retryAt, code: apiError?.code });
    }
    await this.sleep(delay);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.options.onHandlerError?.(err);
    }
  }

  private listOptions(): ListOptions {
    const { namespace, labelSelector, fieldSelector } = this.options;
    return { namespace, labelSelector, fieldSelector };
  }
}

function keyOf(name: string, namespace: string | undefined): string {
  return namespace ? `${namespace}/${name}` : name;
}

function describeFailure(kind: string, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 404) return `the server does not serve ${kind} (${err.message}); are kovn's CRDs installed?`;
    return `${kind}: ${err.message}`;
  }
  return `${kind}: ${err instanceof Error ? err.message : String(err)}`;
}
