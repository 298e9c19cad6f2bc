/**
 * @module
 * Admission: each item (events, transactions, sessions, attachments, and the item types that are
 * parsed and counted but not stored) passes the rate limiter (quotas and spike protection) or is
 * dropped with a `rate_limited` outcome. Accepted items are counted as `accepted` once queued. When
 * anything was limited the answer is a 429 that tells the SDK which categories to hold back, for how
 * long, in which scope and why (`X-Sentry-Rate-Limits`); the accepted records still go through.
 * @see https://develop.sentry.dev/sdk/rate-limiting/
 */
import { formatRateLimits, type RateLimit } from "@breakwater/core/protocol";
import { categoryForItem, type DataCategory } from "@breakwater/core/quotas";
import type { IngestRecord, ProjectConfig } from "@breakwater/core/schema";
import { errorResponse } from "../errors/handler.ts";
import type { Context } from "../hono/app.ts";
import type { ServiceContext } from "../hono/env.ts";
import { type CountedItem, recordOutcome } from "./discard.ts";
import type { EventLikeRecord } from "./items.ts";

/** Something to admit: its category and quantity (bytes for attachments, else items). */
export interface Admissible<T> extends CountedItem {
  value: T;
}

/** Entries split by the rate limiter. */
export interface Admission<T> {
  accepted: Admissible<T>[];
  /** Every limit that refused something (merged per category set, scope and reason). */
  limits: RateLimit[];
}

/**
 * The category an event-like record counts in: `transaction` for transactions, `security` for
 * CSP-style reports, else `error`.
 */
export function eventCategory(record: EventLikeRecord): DataCategory {
  if (record.kind === "transaction") return "transaction";
  const type = (record.event as { type?: unknown }).type;
  return categoryForItem("event", typeof type === "string" ? type : undefined) ?? "error";
}

/** A normalized event or transaction as the rate limiter sees it. */
export function admissibleRecord<R extends EventLikeRecord>(record: R): Admissible<R> {
  return { value: record, category: eventCategory(record), quantity: 1 };
}

/** An admitted entry whose value is one record, as `forwardItems` takes it. */
export function asForwardable<R extends IngestRecord>(entry: Admissible<R>): Admissible<readonly R[]> {
  return { ...entry, value: [entry.value] };
}

/**
 * Runs every entry through the rate limiter in order, recording `rate_limited` outcomes (with the
 * refusing quota's reason code) for the refused.
 */
export async function admit<T>(
  services: ServiceContext,
  config: ProjectConfig,
  entries: readonly Admissible<T>[],
  now: number,
): Promise<Admission<T>> {
  const accepted: Admissible<T>[] = [];
  const limits: RateLimit[] = [];
  for (const entry of entries) {
    const decision = await services.rateLimiter.check(config, entry.category, entry.quantity, now);
    if (decision.accepted) {
      accepted.push(entry);
      continue;
    }
    limits.push(...decision.limits);
    const reason = decision.limits[0]?.reasonCode ?? null;
    recordOutcome(services, config, "rate_limited", reason, entry.category, entry.quantity, now);
  }
  return { accepted, limits: mergeLimits(limits) };
}

/** One entry per (categories, scope, reason), with the longest wait. */
export function mergeLimits(limits: readonly RateLimit[]): RateLimit[] {
  const merged = new Map<string, RateLimit>();
  for (const l of limits) {
    const key = `${[...l.categories].sort().join(";")}|${l.scope}|${l.reasonCode ?? ""}`;
    const existing = merged.get(key);
    if (!existing || existing.retryAfter < l.retryAfter) merged.set(key, l);
  }
  return [...merged.values()];
}

/** The 429 for limited items: `Retry-After` (longest wait) and `X-Sentry-Rate-Limits`. */
export function rateLimitedResponse(c: Context, limits: readonly RateLimit[]): Response {
  const retryAfter = Math.max(1, ...limits.map((l) => l.retryAfter));
  const reasons = [...new Set(limits.map((l) => l.reasonCode).filter((r): r is string => r !== undefined))];
  const res = errorResponse(c, 429, `event submission rejected with_reason: ${reasons.join(", ") || "rate limited"}`);
  res.headers.set("Retry-After", String(Math.ceil(retryAfter)));
  res.headers.set("X-Sentry-Rate-Limits", formatRateLimits(limits));
  return res;
}
