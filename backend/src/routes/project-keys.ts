/**
 * @module
 * `GET|POST /api/0/projects/{org}/{project}/keys/` — a project's DSN keys (Sentry's client keys).
 * GET takes Sentry's `?status=active|inactive`; POST `{name?, rateLimit?}` creates an active key
 * and answers 201 with it.
 * @see https://docs.sentry.io/api/projects/list-a-projects-client-keys/
 * @see https://docs.sentry.io/api/projects/create-a-new-client-key/
 */
import type { Hono } from "hono";
import { z } from "zod";
import { createProjectKey, listProjectKeys } from "../db/queries/project-keys.ts";
import type { HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { type ProjectKeyJson, serializeProjectKey } from "../serializers/project-key.ts";
import { CreateKeySchema } from "./key-schemas.ts";
import { resolveProject } from "./resolve.ts";

/** Name of a key created without one. */
export const DEFAULT_KEY_NAME = "Default";

const ListQuerySchema = z.object({ status: z.enum(["active", "inactive"]).optional() });

/** Registers GET and POST. */
export function registerProjectKeys(app: Hono<HonoEnv>): void {
  app.get("/api/0/projects/:org/:project/keys", zv("query", ListQuerySchema), async (c) => {
    const { status } = c.req.valid("query");
    const { db, edgeUrl } = c.var.services;
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const keys = await listProjectKeys(db, project.id, status === "inactive" ? "disabled" : status);
    return c.json(keys.map((k): ProjectKeyJson => serializeProjectKey(k, edgeUrl)));
  });

  app.post("/api/0/projects/:org/:project/keys", zv("json", CreateKeySchema), async (c) => {
    const body = c.req.valid("json");
    const { db, edgeUrl } = c.var.services;
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const key = await createProjectKey(db, project.id, {
      label: body.name ?? DEFAULT_KEY_NAME,
      rateLimit: body.rateLimit ?? null,
    });
    return c.json(serializeProjectKey(key, edgeUrl), 201);
  });
}
