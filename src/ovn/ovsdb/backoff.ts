export interface BackoffOptions {
  /** Delay after the first failed round (default 100 ms). */
  readonly initialMs?: number;
  /** Upper bound (default 5000 ms). */
  readonly maxMs?: number;
}

/**
 * Delay before the next connection round after `failedRounds` (>= 1) rounds in a row failed: doubling from
 * initialMs up to maxMs, jittered to 50-100 % so that many clients cut off together do not return together.
 */
export function reconnectDelay(failedRounds: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 100;
  const max = options.maxMs ?? 5000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(Math.max(failedRounds - 1, 0), 30));
  return ceiling * (0.5 + random() / 2);
}
