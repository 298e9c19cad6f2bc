/**
 * @module
 * A rate limiter that admits everything (tests of other features, and deployments without quotas).
 */
import type { RateLimitDecision, RateLimiter } from "./interface.ts";

export class NoopRateLimiter implements RateLimiter {
  async check(): Promise<RateLimitDecision> {
    return { accepted: true };
  }
}
