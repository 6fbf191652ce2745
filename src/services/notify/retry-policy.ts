/** Backoff settings; `random` returns a number in [0, 1) like Math.random, injected so tests are deterministic. */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly random: () => number;
}

/**
 * How long to wait after failed attempt number `attempt` (1 for the first): exponential backoff
 * with "full jitter", a uniform pick in [0, min(maxMs, baseMs * 2^(attempt-1))). Full jitter
 * spreads receivers' retries apart after a shared outage instead of sending them back in waves.
 */
export function nextAttemptDelay(attempt: number, options: BackoffOptions): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer >= 1, got ${attempt}`);
  if (!(options.baseMs >= 0 && options.maxMs >= 0)) throw new RangeError('baseMs and maxMs must be >= 0');
  // 2^52 already exceeds any sensible cap; the limit keeps the product finite for huge attempt counts.
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt - 1, 52));
  return Math.floor(options.random() * ceiling);
}

/** True once `attempt` attempts have failed and no more may be made. */
export function shouldDeadLetter(attempt: number, maxAttempts: number): boolean {
  return attempt >= maxAttempts;
}
