/**
 * Runs `handle(key)` for enqueued keys: never twice at once for one key (a key enqueued while it runs runs again
 * afterwards), at most `concurrency` keys at a time, and a failing key is retried after `retryDelayMs(attempt)`.
 */
export class KeyedQueue {
  private readonly pending = new Set<string>();
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly attempts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly handle: (key: string) => Promise<void>,
    private readonly options: { concurrency: number; retryDelayMs: (attempt: number) => number; onError: (key: string, err: unknown, attempt: number) => void },
  ) {}

  enqueue(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) this.dirty.add(key);
    else this.pending.add(key);
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }

  /** Resolves when nothing is pending or running (retry timers may still be armed). */
  idle(): Promise<void> {
    if (this.pending.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    for (const key of this.pending) {
      if (this.running.size >= this.options.concurrency) break;
      if (this.running.has(key)) continue;
      this.pending.delete(key);
      this.running.add(key);
      void this.run(key);
    }
    if (this.pending.size === 0 && this.running.size === 0) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private async run(key: string): Promise<void> {
    try {
      await this.handle(key);
      this.attempts.delete(key);
    } catch (err) {
      const attempt = (this.attempts.get(key) ?? 0) + 1;
      this.attempts.set(key, attempt);
      this.options.onError(key, err, attempt);
      if (!this.stopped) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.enqueue(key);
        }, this.options.retryDelayMs(attempt));
        this.timers.add(timer);
      }
    } finally {
      this.running.delete(key);
      if (this.dirty.delete(key)) this.pending.add(key);
      if (!this.stopped) this.pump();
      else if (this.running.size === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}
