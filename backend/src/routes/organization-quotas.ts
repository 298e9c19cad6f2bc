/**
 * @module
 * `GET|PUT /api/0/organizations/{org}/quotas/` — the organization-scoped quotas (our own shape,
 * DESIGN 3.3): `{"quotas": [{id, scope: "organization", categories, limit, window, reasonCode}]}`.
 * They apply to every key of every project of the organization, counted once for the organization.
 * PUT replaces the whole list and answers with the stored list.
 */
import type { Hono } from "hono";
import { listOrganizationQuotas, replaceOrganizationQuotas } from "../db/queries/quotas.ts";
import type { HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { serializeQuotas } from "../serializers/quota.ts";
import { OrganizationQuotasBodySchema } from "./quota-schemas.ts";
import { resolveOrganization } from "./resolve.ts";

const PATH = "/api/0/organizations/:org/quotas";

/** Registers GET and PUT. */
export function registerOrganizationQuotas(app: Hono<HonoEnv>): void {
  app.get(PATH, async (c) => {
    const org = resolveOrganization(c, c.req.param("org"));
    return c.json(serializeQuotas(await listOrganizationQuotas(c.var.services.db, org.id), new Map()));
  });

  app.put(PATH, zv("json", OrganizationQuotasBodySchema), async (c) => {
    const { quotas } = c.req.valid("json");
    const org = resolveOrganization(c, c.req.param("org"));
    const rows = await replaceOrganizationQuotas(c.var.services.db, org.id, quotas);
    return c.json(serializeQuotas(rows, new Map()));
  });
}
