/**
 * @module
 * `GET|PUT|DELETE /api/0/projects/{org}/{project}/keys/{key_id}/` — one DSN key; `key_id` is its
 * public key, as in Sentry. PUT `{name?, isActive?, rateLimit?}` answers with the updated key;
 * `isActive: false` disables it (the edge answers 403 once its cached config expires, ≤ 60 s).
 * DELETE answers 204 and removes the key's key-scoped quotas with it.
 * @see https://docs.sentry.io/api/projects/update-a-client-key/
 */
import type { Hono } from "hono";
import { deleteProjectKey, type ProjectKeyPatch, updateProjectKey } from "../db/queries/project-keys.ts";
import { notFound } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { serializeProjectKey } from "../serializers/project-key.ts";
import { UpdateKeySchema } from "./key-schemas.ts";
import { resolveProject, resolveProjectKey } from "./resolve.ts";

const PATH = "/api/0/projects/:org/:project/keys/:keyId";

/** Registers GET, PUT and DELETE. */
export function registerProjectKeyDetails(app: Hono<HonoEnv>): void {
  app.get(PATH, async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const key = await resolveProjectKey(c, project, c.req.param("keyId"));
    return c.json(serializeProjectKey(key, c.var.services.edgeUrl));
  });

  app.put(PATH, zv("json", UpdateKeySchema), async (c) => {
    const body = c.req.valid("json");
    const { db, edgeUrl } = c.var.services;
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const key = await resolveProjectKey(c, project, c.req.param("keyId"));
    const patch: ProjectKeyPatch = {};
    if (body.name !== undefined) patch.label = body.name;
    if (body.isActive !== undefined) patch.status = body.isActive ? "active" : "disabled";
    if (body.rateLimit !== undefined) patch.rateLimit = body.rateLimit;
    const updated = await updateProjectKey(db, key.id, patch);
    if (!updated) throw notFound();
    return c.json(serializeProjectKey(updated, edgeUrl));
  });

  app.delete(PATH, async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const key = await resolveProjectKey(c, project, c.req.param("keyId"));
    if (!(await deleteProjectKey(c.var.services.db, key.id))) throw notFound();
    return c.body(null, 204);
  });
}
