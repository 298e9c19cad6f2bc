/**
 * @module
 * Request bodies of the keys API (Sentry's `rateLimit` semantics), shared by the list/create and
 * detail routes.
 */
import { QuotaSchema } from "@breakwater/core/quotas";
import { z } from "zod";
import type { KeyRateLimit } from "../db/queries/project-keys.ts";

/** Longest key name, as Sentry's label column. */
export const MAX_KEY_NAME = 64;

/**
 * Sentry's `rateLimit`: `{window: <seconds>, count: <events>}`; `null` or `{}` clears it, and so does
 * a zero count or window (Sentry treats those as "no limit"). Both fields or neither.
 */
export const RateLimitInputSchema = z
  .object({
    window: z
      .number()
      .int()
      .nonnegative()
      .max(QuotaSchema.shape.window.maxValue ?? 31 * 24 * 3600),
    count: z.number().int().nonnegative().max(2_147_483_647),
  })
  .partial()
  .nullable()
  .superRefine((v, ctx) => {
    if (v && (v.window === undefined) !== (v.count === undefined)) {
      ctx.addIssue({ code: "custom", message: "rateLimit needs both window and count (or {} / null to clear it)" });
    }
  })
  .transform((v): KeyRateLimit | null => (v?.window && v.count ? { window: v.window, count: v.count } : null));

/** `POST /keys/` body. */
export const CreateKeySchema = z.looseObject({
  name: z.string().trim().min(1).max(MAX_KEY_NAME).optional(),
  rateLimit: RateLimitInputSchema.optional(),
});

/** `PUT /keys/{key_id}/` body; other Sentry fields (browserSdkVersion, ...) are accepted and ignored. */
export const UpdateKeySchema = z.looseObject({
  name: z.string().trim().min(1).max(MAX_KEY_NAME).optional(),
  isActive: z.boolean().optional(),
  rateLimit: RateLimitInputSchema.optional(),
});
