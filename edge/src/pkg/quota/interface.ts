/**
 * @module
 * The edge's rate limiter: may this item be accepted under the project's quotas and spike
 * protection? Answers with the limits to announce to the SDK when it may not.
 */
import type { RateLimit } from "@breakwater/core/protocol";
import type { DataCategory } from "@breakwater/core/quotas";
import type { ProjectConfig } from "@breakwater/core/schema";

/** `accepted`, or the limits that refused the item (each becomes an `X-Sentry-Rate-Limits` entry). */
export type RateLimitDecision = { accepted: true } | { accepted: false; limits: RateLimit[] };

export interface RateLimiter {
  /**
   * Admits `quantity` of `category` (items, bytes for attachments) for the key of `config`.
   * @param now unix seconds
   */
  check(config: ProjectConfig, category: DataCategory, quantity: number, now: number): Promise<RateLimitDecision>;
}
