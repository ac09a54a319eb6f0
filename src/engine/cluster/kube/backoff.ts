export interface BackoffOptions {
  /** First delay (default 500 ms). */
  readonly initialMs?: number;
  /** Cap (default 30 s). */
  readonly maxMs?: number;
  readonly factor?: number;
  /** ± fraction of random spread, so that many informers do not retry in lockstep (default 0.2). */
  readonly jitter?: number;
}

/** Exponential backoff with jitter; `reset()` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions = {}) {}

  /** The next delay in milliseconds (and counts the attempt). */
  next(): number {
    const { initialMs = 500, maxMs = 30_000, factor = 2, jitter = 0.2 } = this.options;
    const base = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt++;
    return Math.max(0, Math.round(base * (1 - jitter + Math.random() * 2 * jitter)));
  }

  reset(): void {
    this.attempt = 0;
  }
}
