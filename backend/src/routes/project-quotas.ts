/**
 * @module
 * `GET|PUT /api/0/projects/{org}/{project}/quotas/` — the project's project- and key-scoped quotas
 * (our own shape, DESIGN 3.3): `{"quotas": [{id, scope, keyId?, categories, limit, window,
 * reasonCode}]}`. PUT replaces the whole list in one transaction and answers with the stored list;
 * the edge sees it within its 60 s config cache.
 */
import type { Hono } from "hono";
import { listProjectKeys } from "../db/queries/project-keys.ts";
import { listProjectQuotas, type ProjectQuotaInput, replaceProjectQuotas } from "../db/queries/quotas.ts";
import { ApiError } from "../errors/http.ts";
import type { Context, HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { serializeQuotas } from "../serializers/quota.ts";
import { ProjectQuotasBodySchema } from "./quota-schemas.ts";
import { resolveProject } from "./resolve.ts";

const PATH = "/api/0/projects/:org/:project/quotas";

/** The project's keys as `id → public key` and `public key → id`. */
async function keyMaps(c: Context, projectId: number) {
  const keys = await listProjectKeys(c.var.services.db, projectId);
  return {
    publicKeys: new Map(keys.map((k) => [k.id, k.publicKey])),
    ids: new Map(keys.map((k) => [k.publicKey, k.id])),
  };
}

/** Registers GET and PUT. */
export function registerProjectQuotas(app: Hono<HonoEnv>): void {
  app.get(PATH, async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const [rows, keys] = await Promise.all([listProjectQuotas(c.var.services.db, project.id), keyMaps(c, project.id)]);
    return c.json(serializeQuotas(rows, keys.publicKeys));
  });

  app.put(PATH, zv("json", ProjectQuotasBodySchema), async (c) => {
    const body = c.req.valid("json");
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const keys = await keyMaps(c, project.id);
    const causes: string[] = [];
    const list: ProjectQuotaInput[] = body.quotas.map(({ keyId: publicKey, ...quota }, i) => {
      if (quota.scope === "project") return { quota: { ...quota, scope: "project" }, keyId: null };
      const keyId = publicKey === undefined ? undefined : keys.ids.get(publicKey);
      if (keyId === undefined) causes.push(`quotas.${i}.keyId: no key ${JSON.stringify(publicKey)} in this project`);
      return { quota: { ...quota, scope: "key" }, keyId: keyId ?? null };
    });
    if (causes.length > 0) throw new ApiError({ code: "BAD_REQUEST", detail: "Invalid json", causes });
    const rows = await replaceProjectQuotas(c.var.services.db, project, list);
    return c.json(serializeQuotas(rows, keys.publicKeys));
  });
}
