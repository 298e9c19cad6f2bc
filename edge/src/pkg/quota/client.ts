/**
 * @module
 * The Durable Object-backed rate limiter. Leases live in a module-scope {@link LeaseCache} per
 * QuotaDO namespace (one per isolate), so they outlive requests; the DO is reached over RPC and its
 * answers are validated (STYLE c).
 */
import type { RateLimit } from "@breakwater/core/protocol";
import type { DataCategory } from "@breakwater/core/quotas";
import type { ProjectConfig } from "@breakwater/core/schema";
import { countersForItem, retryAfter } from "./counters.ts";
import type { QuotaDO } from "./durable_object.ts";
import type { RateLimitDecision, RateLimiter } from "./interface.ts";
import { type AcquireFn, LeaseCache } from "./lease-cache.ts";
import { AcquireResponseSchema } from "./messages.ts";

const ISOLATE_LEASES = new WeakMap<DurableObjectNamespace<QuotaDO>, LeaseCache>();

/** The isolate's lease cache for a namespace (tests pass their own to start fresh). */
export function isolateLeases(namespace: DurableObjectNamespace<QuotaDO>): LeaseCache {
  let cache = ISOLATE_LEASES.get(namespace);
  if (!cache) {
    const acquire: AcquireFn = async (scopeKey, request) => {
      const stub = namespace.get(namespace.idFromName(scopeKey));
      return AcquireResponseSchema.parse(await stub.acquire(request));
    };
    cache = new LeaseCache(acquire);
    ISOLATE_LEASES.set(namespace, cache);
  }
  return cache;
}

export class DurableRateLimiter implements RateLimiter {
  constructor(private readonly leases: LeaseCache) {}

  async check(
    config: ProjectConfig,
    category: DataCategory,
    quantity: number,
    now: number,
  ): Promise<RateLimitDecision> {
    const counters = countersForItem(config, category, now);
    if (counters.length === 0) return { accepted: true };
    // A zero limit refuses without counting, so it never costs a DO call.
    let refusing = counters.filter((c) => c.hardZero);
    if (refusing.length === 0) {
      const result = await this.leases.consume(
        counters.map((c) => c.spec),
        quantity,
        now,
      );
      if (result.accepted) return { accepted: true };
      refusing = counters.filter((c) => result.rejected.includes(c.spec));
    }
    const limits: RateLimit[] = refusing.map((c) => ({ ...c.limit, retryAfter: retryAfter(c, now) }));
    return { accepted: false, limits };
  }
}
