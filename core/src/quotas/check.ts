/**
 * @module
 * The quota decision: all or nothing across every quota that applies. An item is accepted only if
 * each applicable quota has room for its whole quantity; otherwise nothing is counted anywhere and
 * the answer lists every quota that refused, so the SDK learns all the limits at once.
 */
import type { DataCategory } from "./category.ts";
import { applicableQuotas, type Quota, type Scoping, scopeKey } from "./quota.ts";
import { secondsUntilWindowEnd, windowSlot } from "./window.ts";

/** The counter a quota uses for one scope and window. */
export interface CounterRef {
  quota: Quota;
  /** Durable Object name: `organization:1`, `project:2`, `key:3`. */
  scopeKey: string;
  /** Counter id inside that object: `<quota id>:<slot>`. */
  counterKey: string;
  windowEnd: number;
}

/** A quota that refused an item, with what to tell the SDK. */
export interface QuotaRejection {
  quota: Quota;
  /** Seconds until the window ends. */
  retryAfter: number;
}

export type QuotaDecision =
  | { accepted: true; counters: CounterRef[] }
  | { accepted: false; rejections: QuotaRejection[] };

/** The counters an item of this category would touch. */
export function countersFor(
  quotas: readonly Quota[],
  scoping: Scoping,
  category: DataCategory,
  now: number,
): CounterRef[] {
  return applicableQuotas(quotas, category).map((quota) => {
    const w = windowSlot(now, quota.window, scoping.organizationId);
    return {
      quota,
      scopeKey: scopeKey(quota.scope, scoping),
      counterKey: `${quota.id}:${w.slot}`,
      windowEnd: w.end,
    };
  });
}

/**
 * Decides whether `quantity` more of `category` fits, given the current value of each counter.
 * @param used current counter values by `scopeKey + "/" + counterKey`; missing = 0
 */
export function checkQuotas(
  quotas: readonly Quota[],
  scoping: Scoping,
  category: DataCategory,
  quantity: number,
  used: ReadonlyMap<string, number>,
  now: number,
): QuotaDecision {
  const counters = countersFor(quotas, scoping, category, now);
  const rejections: QuotaRejection[] = [];
  for (const c of counters) {
    const current = used.get(`${c.scopeKey}/${c.counterKey}`) ?? 0;
    // limit 0 rejects even an empty item: the quota means "nothing of this category".
    if (c.quota.limit === 0 || current + quantity > c.quota.limit) {
      rejections.push({
        quota: c.quota,
        retryAfter: secondsUntilWindowEnd(now, c.quota.window, scoping.organizationId),
      });
    }
  }
  return rejections.length > 0 ? { accepted: false, rejections } : { accepted: true, counters };
}
