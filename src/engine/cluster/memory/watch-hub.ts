import { ApiError } from '../api-error.js';
import type { KubeObject, WatchEvent, WatchEventType } from '../types.js';

/** A change as the store saw it: the object after it (or as it was removed) and, for updates, before it. */
export interface StoreChange {
  readonly rv: number;
  readonly kind: string;
  readonly type: WatchEventType;
  readonly object: KubeObject;
  readonly previous?: KubeObject;
}

export interface Subscriber {
  readonly kind: string;
  /** Changes at or below this version are not delivered (the watcher already has them). */
  readonly afterRv: number;
  readonly matches: (obj: KubeObject) => boolean;
  readonly deliver: (event: WatchEvent) => void;
  readonly close: (err: Error) => void;
}

/**
 * Fans changes out to watchers and keeps the last `capacity` of them so a watcher can resume from a
 * resourceVersion. A version older than the kept history fails with Gone (410), as etcd compaction does.
 */
export class WatchHub {
  private readonly history: StoreChange[] = [];
  private readonly subscribers = new Set<Subscriber>();
  /** Every change after this version is in `history`. */
  private historyFloor: number;

  constructor(
    currentRv: number,
    private readonly capacity = 20_000,
  ) {
    this.historyFloor = currentRv;
  }

  /** Registers a watcher and replays kept changes after `fromRv`; throws Gone when they are no longer kept. */
  subscribe(subscriber: Subscriber, fromRv: number): () => void {
    if (fromRv < this.historyFloor) {
      throw new ApiError(410, 'Gone', `too old resource version: ${fromRv} (${this.historyFloor})`);
    }
    for (const change of this.history) if (change.rv > fromRv && change.kind === subscriber.kind) deliverTo(subscriber, change);
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Records a change (already durable) and delivers it to every interested watcher. */
  publish(change: StoreChange): void {
    this.history.push(change);
    // Trimmed in chunks: dropping one entry per write off the front of an array would be O(history) each time.
    if (this.history.length > this.capacity + Math.max(1, this.capacity >> 3)) {
      const dropped = this.history.splice(0, this.history.length - this.capacity);
      this.historyFloor = dropped[dropped.length - 1].rv;
    }
    for (const s of this.subscribers) if (s.kind === change.kind) deliverTo(s, change);
  }

  /** Ends every watch (the store is closing); each watcher's onClosed hears why. */
  closeAll(err: Error): void {
    const all = [...this.subscribers];
    this.subscribers.clear();
    for (const s of all) s.close(err);
  }
}

/**
 * Translates a change into the event this watcher sees: an object that starts or stops matching its selectors
 * arrives as ADDED or DELETED, as the Kubernetes watch cache does.
 */
function deliverTo(s: Subscriber, change: StoreChange): void {
  if (change.rv <= s.afterRv) return;
  const now = s.matches(change.object);
  const before = change.previous ? s.matches(change.previous) : false;
  let type: WatchEventType | undefined;
  if (change.type === 'MODIFIED') type = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
  else type = now ? change.type : undefined;
  if (!type) return;
  try {
    s.deliver({ type, object: structuredClone(change.object) });
  } catch {
    // A watcher's handler that throws must not stop delivery to the others.
  }
}
