/**
 * @module
 * Admission: each item (events, and the item types that are parsed and counted but not stored yet)
 * passes the rate limiter (quotas and spike protection) or is dropped with a `rate_limited` outcome.
 * Accepted events are counted as `accepted` once they are queued. When
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
import { type CountedItem, recordItems, recordOutcome } from "./discard.ts";

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

/** The category an event counts in: `security` for CSP-style reports, else `error`. */
export function eventCategory(record: IngestRecord): DataCategory {
  const type = (record.event as { type?: unknown }).type;
  return categoryForItem("event", typeof type === "string" ? type : undefined) ?? "error";
}

/** A normalized event as the rate limiter sees it. */
export function admissibleRecord(record: IngestRecord): Admissible<IngestRecord> {
  return { value: record, category: eventCategory(record), quantity: 1 };
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

/** Counts queued records as accepted. */
export function recordAccepted(
  services: ServiceContext,
  config: ProjectConfig,
  records: readonly IngestRecord[],
  now: number,
): void {
  recordItems(services, config, records.map(admissibleRecord), "accepted", null, now);
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
