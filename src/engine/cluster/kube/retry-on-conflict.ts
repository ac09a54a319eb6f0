import { isApiError } from '../api-error.js';

export interface RetryOptions {
  /** Tries in all (default 5, as client-go's DefaultRetry). */
  readonly attempts?: number;
  /** Pause before retry n (1-based), in milliseconds; default 10 ms × 2^(n−1) with jitter. */
  readonly delayMs?: (retry: number) => number;
}

const defaultDelay = (retry: number): number => 10 * 2 ** (retry - 1) * (0.9 + Math.random() * 0.2);

/**
 * Runs `fn` again (it should re-read the object and re-apply its change) while it fails with Conflict (409),
 * up to `attempts` times; any other error, or the last Conflict, is thrown.
 */
export async function retryOnConflict<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const delay = options.delayMs ?? defaultDelay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isApiError(err, 'Conflict') || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay(attempt)));
    }
  }
}
