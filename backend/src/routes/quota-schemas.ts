/**
 * @module
 * Request bodies of the quotas API: core's `QuotaSchema` (window 1 s – 31 d, limit ≥ 0, id and
 * reasonCode 1–64 chars), with category names checked strictly (core maps unknown names to
 * `unknown` for the edge's sake; an owner's typo should be a 400 instead) and ids unique per list.
 */
import { DATA_CATEGORIES, QuotaSchema } from "@breakwater/core/quotas";
import { z } from "zod";
import { KEY_RATE_LIMIT_QUOTA_ID } from "../db/queries/project-configs.ts";

/** Most quotas one PUT may set. */
export const MAX_QUOTAS_PER_OWNER = 100;

/** Largest limit: the column is a Postgres `integer`. */
export const MAX_QUOTA_LIMIT = 2_147_483_647;

const QuotaInputSchema = QuotaSchema.extend({
  categories: z.array(z.enum(DATA_CATEGORIES)).default([]),
  limit: QuotaSchema.shape.limit.max(MAX_QUOTA_LIMIT),
  id: QuotaSchema.shape.id.refine((id) => id !== KEY_RATE_LIMIT_QUOTA_ID, {
    message: `"${KEY_RATE_LIMIT_QUOTA_ID}" is reserved for a key's rateLimit (PUT .../keys/{key_id}/)`,
  }),
});

/** A list body whose quota ids must be unique. */
function quotaList<T extends z.ZodType<{ id: string }>>(item: T) {
  return z.object({
    quotas: z
      .array(item)
      .max(MAX_QUOTAS_PER_OWNER)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((q, i) => {
          if (seen.has(q.id))
            ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate quota id "${q.id}"` });
          seen.add(q.id);
        });
      }),
  });
}

/** `PUT /api/0/organizations/{org}/quotas/`: organization-scoped quotas (`scope` may be omitted). */
export const OrganizationQuotasBodySchema = quotaList(
  QuotaInputSchema.extend({ scope: z.literal("organization").default("organization") }),
);

/**
 * `PUT /api/0/projects/{org}/{project}/quotas/`: project-scoped quotas (`scope` may be omitted) and
 * key-scoped ones naming their key by public key in `keyId`.
 */
export const ProjectQuotasBodySchema = quotaList(
  QuotaInputSchema.extend({
    scope: z.enum(["project", "key"]).default("project"),
    keyId: z.string().min(1).max(64).optional(),
  }).superRefine((q, ctx) => {
    if (q.scope === "key" && q.keyId === undefined) {
      ctx.addIssue({ code: "custom", path: ["keyId"], message: "key-scoped quotas need keyId (a public key)" });
    }
    if (q.scope === "project" && q.keyId !== undefined) {
      ctx.addIssue({ code: "custom", path: ["keyId"], message: 'keyId is only allowed with scope "key"' });
    }
  }),
);
