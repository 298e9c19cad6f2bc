/**
 * @module
 * Which counters an item must pass: one per applicable quota (core's `countersFor`), plus the
 * project's spike-protection counter for the current hour when it is on. Each spec keeps what the
 * SDK must be told if that counter refuses.
 */
import type { RateLimit } from "@breakwater/core/protocol";
import { countersFor, type DataCategory, hourOf, SPIKE_PROTECTION_REASON } from "@breakwater/core/quotas";
import type { ProjectConfig } from "@breakwater/core/schema";
import type { CounterSpec } from "./lease-cache.ts";

/** Categories spike protection guards: events, not transactions or attachments (as Sentry). */
const SPIKE_CATEGORIES: ReadonlySet<DataCategory> = new Set(["error", "default", "security"]);

/** A counter with the announcement for when it refuses. */
export interface LimitedCounter {
  spec: CounterSpec;
  /** Retry-After is filled in at refusal time. */
  limit: Omit<RateLimit, "retryAfter">;
  /** `0` limits reject without counting (DESIGN 5). */
  hardZero: boolean;
}

/** The counters for one item of `category` sent with the key of `config`. */
export function countersForItem(config: ProjectConfig, category: DataCategory, now: number): LimitedCounter[] {
  const scoping = { organizationId: config.organizationId, projectId: config.projectId, keyId: config.keyId };
  const counters: LimitedCounter[] = countersFor(config.quotas, scoping, category, now).map((c) => ({
    spec: { scopeKey: c.scopeKey, counterKey: c.counterKey, windowEnd: c.windowEnd, limit: c.quota.limit },
    limit: { categories: c.quota.categories, scope: c.quota.scope, reasonCode: c.quota.reasonCode },
    hardZero: c.quota.limit === 0,
  }));
  if (config.spikeProtection.enabled && SPIKE_CATEGORIES.has(category)) {
    const hour = hourOf(now);
    counters.push({
      spec: {
        scopeKey: `project:${config.projectId}`,
        counterKey: `spike:${hour}`,
        windowEnd: (hour + 1) * 3600,
        spike: config.spikeProtection,
      },
      limit: { categories: [...SPIKE_CATEGORIES], scope: "project", reasonCode: SPIKE_PROTECTION_REASON },
      hardZero: false,
    });
  }
  return counters;
}

/** Seconds until a refusing counter's window ends (at least 1: SDKs read 0 as "no limit"). */
export function retryAfter(counter: LimitedCounter, now: number): number {
  return Math.max(1, Math.ceil(counter.spec.windowEnd - now));
}
