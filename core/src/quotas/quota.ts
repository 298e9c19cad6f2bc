/**
 * @module
 * The quota model (DESIGN 5), after Relay's `relay-quotas`: a limit on what one scope (organization,
 * project or DSN key) may send in some categories per fixed window.
 */
import { z } from "zod";
import { type DataCategory, DataCategorySchema } from "./category.ts";

export const QUOTA_SCOPES = ["organization", "project", "key"] as const;
export type QuotaScope = (typeof QUOTA_SCOPES)[number];

export const QuotaSchema = z.object({
  /** Stable id; part of the counter key, so renaming a quota starts a fresh count. */
  id: z.string().min(1).max(64),
  /** Categories counted; an empty list means every category. */
  categories: z.array(DataCategorySchema).default([]),
  scope: z.enum(QUOTA_SCOPES),
  /** Items (bytes for `attachment`) per window. `0` rejects everything without counting. */
  limit: z.number().int().nonnegative(),
  /** Window length in seconds. */
  window: z
    .number()
    .int()
    .positive()
    .max(31 * 24 * 3600),
  /** Machine-readable reason sent to SDKs in `X-Sentry-Rate-Limits` and recorded in outcomes. */
  reasonCode: z.string().min(1).max(64),
});
export type Quota = z.infer<typeof QuotaSchema>;

/** Which organization, project and key an item belongs to (Relay's `Scoping`). */
export interface Scoping {
  organizationId: number;
  projectId: number;
  keyId: number;
}

/** A scoping plus the category of the item being checked (Relay's `ItemScoping`). */
export interface ItemScoping extends Scoping {
  category: DataCategory;
}

/** The id of the counter owner for a quota: one Durable Object per (scope, scope id). */
export function scopeKey(scope: QuotaScope, scoping: Scoping): string {
  switch (scope) {
    case "organization":
      return `organization:${scoping.organizationId}`;
    case "project":
      return `project:${scoping.projectId}`;
    case "key":
      return `key:${scoping.keyId}`;
  }
}

/** True when the quota counts items of this category. */
export function quotaMatches(quota: Quota, category: DataCategory): boolean {
  return quota.categories.length === 0 || quota.categories.includes(category);
}

/** The quotas that apply to an item, in config order. */
export function applicableQuotas(quotas: readonly Quota[], category: DataCategory): Quota[] {
  return quotas.filter((q) => quotaMatches(q, category));
}
