/**
 * @module
 * Outcomes (DESIGN 1): what happened to every item the edge saw, counted per minute and shipped to
 * the backend (`POST /internal/outcomes`, HMAC-signed), which stores them in ClickHouse `outcomes`
 * and serves them through `stats_v2`. Names follow Sentry's `Outcome` and reason codes.
 */
import { z } from "zod";
import { DataCategorySchema } from "../quotas/category.ts";

export const OUTCOMES = ["accepted", "filtered", "rate_limited", "invalid", "abuse", "client_discard"] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

export const OutcomeSchema = z.object({
  /** Unix seconds of the start of the minute the items were seen in. */
  timestamp: z.number().int().nonnegative(),
  org_id: z.number().int().nonnegative(),
  project_id: z.number().int().nonnegative(),
  /** 0 when the key is unknown (e.g. invalid auth). */
  key_id: z.number().int().nonnegative(),
  outcome: z.enum(OUTCOMES),
  /** e.g. `key_quota`, `spike_protection`, `too_large:event`, `browser-extensions`; null for accepted. */
  reason: z.string().max(200).nullable(),
  category: DataCategorySchema,
  /** Items, or bytes for attachments. */
  quantity: z.number().int().nonnegative(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

export const OutcomesBatchSchema = z.object({ outcomes: z.array(OutcomeSchema).max(10_000) });
export type OutcomesBatch = z.infer<typeof OutcomesBatchSchema>;
