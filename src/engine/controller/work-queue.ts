import { setImmediate as nextTurn } from 'node:timers/promises';

export interface WorkQueueOptions {
  /** How many keys are processed at once (each key is only ever processed by one worker at a time). */
  readonly workers?: number;
  /** First retry delay after a failure; doubles per consecutive failure of the same key. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Called when a key fails; the key is retried with backoff until it succeeds or is forgotten. */
  readonly onError?: (key: string, err: unknown, attempt: number) => void;
}

/**
 * A level-triggered work queue in the style of client-go's: adding a key that is already waiting is a no-op;
 * adding a key that is being processed marks it dirty so it runs once more afterwards; one key never runs
 * twice at the same time; failures are retried with exponential backoff and jitter.
 */
export class WorkQueue {
  private readonly waiting = new Set<string>();
  private readonly order: string[] = [];
  /** Keys added with `addFirst`, served before `order`. */
  private readonly urgent: string[] = [];
  private readonly urgentWaiting = new Set<string>();
  /** Dirty keys that go back with `addFirst`. */
  private readonly urgentDirty = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private running = 0;
  private stopped = false;
  private pumpScheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly handler: (key: string) => Promise<void>,
    private readonly options: WorkQueueOptions = {},
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    this.order.push(key);
    this.schedulePump();
  }

  /**
   * Adds a key ahead of the keys added with `add` (or moves it there if it waits already): for work something
   * outside is blocked on. Such keys run in the order they were added, so the first one blocked is served
   * first. A key being processed is marked dirty as with `add`, and goes ahead again when it is done.
   */
  addFirst(key: string): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      this.urgentDirty.add(key);
      return;
    }
    if (this.urgentWaiting.has(key)) return;
    // A copy left in `order` is skipped there: `pump` takes only keys still waiting.
    this.waiting.add(key);
    this.urgentWaiting.add(key);
    this.urgent.push(key);
    this.schedulePump();
  }

  /** Starts work on the next turn of the event loop, so adds made in the same tick collapse. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Adds after a delay (used for retries); a later plain `add` runs it sooner. */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped || this.timers.has(key)) return;
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    t.unref();
    this.timers.set(key, t);
  }

  /** Drops the failure count of a key (e.g. its object was deleted). */
  forget(key: string): void {
    this.failures.delete(key);
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  /** Keys waiting for a retry (after a failure) or a delayed add. */
  get scheduled(): number {
    return this.timers.size;
  }

  get length(): number {
    return this.waiting.size + this.active.size;
  }

  /** Resolves when nothing is waiting or running (retries scheduled for later do not count). */
  async idle(): Promise<void> {
    if (this.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.waiting.clear();
    this.order.length = 0;
    this.urgent.length = 0;
    this.urgentWaiting.clear();
  }

  private pump(): void {
    const workers = this.options.workers ?? 1;
    while (this.running < workers && (this.urgent.length > 0 || this.order.length > 0)) {
      const urgent = this.urgent.length > 0;
      const key = urgent ? this.urgent.shift()! : this.order.shift()!;
      if (urgent) this.urgentWaiting.delete(key);
      if (!this.waiting.delete(key)) continue;
      this.running++;
      this.active.add(key);
      void this.process(key);
    }
    if (this.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async process(key: string): Promise<void> {
    try {
      await this.handler(key);
      this.failures.delete(key);
    } catch (err) {
      const attempt = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, attempt);
      this.options.onError?.(key, err, attempt);
      if (!this.dirty.has(key)) this.addAfter(key, this.backoff(attempt));
    } finally {
      this.active.delete(key);
      const urgentAgain = this.urgentDirty.delete(key);
      if (this.dirty.delete(key)) {
        if (urgentAgain) this.addFirst(key);
        else this.add(key);
      }
      // Let the event loop breathe before this worker takes another key, so a burst cannot starve timers
      // and I/O. The worker keeps its slot until then: a handler that completes in microtasks alone (as on
      // the embedded store) would otherwise free it at once, every yielding worker's pump would start a
      // full set of new keys, and one turn of the loop would run thousands of keys (seconds without I/O).
      await nextTurn();
      this.running--;
      this.pump();
    }
  }

  private backoff(attempt: number): number {
    const base = this.options.baseDelayMs ?? 100;
    const max = this.options.maxDelayMs ?? 20_000;
    const delay = Math.min(max, base * 2 ** (attempt - 1));
    return delay / 2 + Math.random() * (delay / 2);
  }
}
