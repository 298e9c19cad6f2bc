/**
 * @module
 * Admission: each record passes the rate limiter (quotas and spike protection) or is dropped with a
 * `rate_limited` outcome. Accepted records are counted as `accepted` once they are queued. When
 * anything was limited the answer is a 429 that tells the SDK which categories to hold back, for how
 * long, in which scope and why (`X-Sentry-Rate-Limits`); the accepted records still go through.
 * @see https://develop.sentry.dev/sdk/rate-limiting/
 */
import { formatRateLimits, type RateLimit } from "@breakwater/core/protocol";
import { categoryForItem, type DataCategory } from "@breakwater/core/quotas";
import type { IngestRecord, OutcomeKind, ProjectConfig } from "@breakwater/core/schema";
import { errorResponse } from "../errors/handler.ts";
import type { Context } from "../hono/app.ts";
import type { ServiceContext } from "../hono/env.ts";

/** Records split by the rate limiter. */
export interface Admission {
  accepted: IngestRecord[];
  /** Every limit that refused something (merged per category set, scope and reason). */
  limits: RateLimit[];
}

/** The category an event counts in: `security` for CSP-style reports, else `error`. */
export function eventCategory(record: IngestRecord): DataCategory {
  const type = (record.event as { type?: unknown }).type;
  return categoryForItem("event", typeof type === "string" ? type : undefined) ?? "error";
}

/** Counts an outcome for items sent with this config's key. */
export function recordOutcome(
  services: ServiceContext,
  config: ProjectConfig,
  outcome: OutcomeKind,
  reason: string | null,
  category: DataCategory,
  quantity: number,
  now: number,
): void {
  services.outcomes.record(
    {
      org_id: config.organizationId,
      project_id: config.projectId,
      key_id: config.keyId,
      outcome,
      reason,
      category,
      quantity,
    },
    now,
  );
}

/** Runs every record through the rate limiter, recording `rate_limited` outcomes for the refused. */
export async function admitRecords(
  services: ServiceContext,
  config: ProjectConfig,
  records: readonly IngestRecord[],
  now: number,
): Promise<Admission> {
  const accepted: IngestRecord[] = [];
  const limits: RateLimit[] = [];
  for (const record of records) {
    const category = eventCategory(record);
    const decision = await services.rateLimiter.check(config, category, 1, now);
    if (decision.accepted) {
      accepted.push(record);
      continue;
    }
    limits.push(...decision.limits);
    recordOutcome(services, config, "rate_limited", decision.limits[0]?.reasonCode ?? null, category, 1, now);
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
  const perCategory = new Map<DataCategory, number>();
  for (const r of records) perCategory.set(eventCategory(r), (perCategory.get(eventCategory(r)) ?? 0) + 1);
  for (const [category, n] of perCategory) recordOutcome(services, config, "accepted", null, category, n, now);
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
