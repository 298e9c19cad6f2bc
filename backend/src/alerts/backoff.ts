/**
 * @module
 * Retry schedule of the notification outbox: exponential backoff with jitter, capped, and a limit
 * on attempts after which a notification is marked failed.
 */

/** Backoff settings. */
export interface BackoffPolicy {
  /** Delay after the first failed attempt, ms. Default 2,000. */
  baseMs: number;
  /** Longest delay, ms. Default 600,000 (10 min). */
  maxMs: number;
  /** Attempts in all, the first included. Default 10 (about 35 min of retries). */
  maxAttempts: number;
  /** ± fraction of random jitter, so a recovering endpoint is not hit by every retry at once. Default 0.2. */
  jitter: number;
}

/** The default policy. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 600_000, maxAttempts: 10, jitter: 0.2 };

/**
 * Delay before the next attempt after `attempts` failed ones (1 = the first failed), or null when
 * no attempt is left.
 * @param random source in [0, 1) (tests pass a constant)
 * @example nextRetryDelay(1, DEFAULT_BACKOFF, () => 0.5) // 2000
 */
export function nextRetryDelay(attempts: number, policy: BackoffPolicy, random: () => number = Math.random) {
  if (attempts >= policy.maxAttempts) return null;
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(policy.maxMs, exp * factor)));
}
