/**
 * @module
 * `GET /internal/project-configs?keys=<pk>,<pk>` (DESIGN 3.2): the edge's view of DSN keys. Signed
 * like every `/internal/*` call (middleware in app.ts).
 */
import type { ProjectConfigsResponse } from "@breakwater/core/schema";
import type { Hono } from "hono";
import { z } from "zod";
import { getProjectConfigs } from "../db/queries/project-configs.ts";
import type { HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";

/** Most keys per request: the edge asks for the few keys its isolate has just seen. */
export const MAX_KEYS_PER_REQUEST = 100;

const QuerySchema = z.object({
  keys: z
    .string()
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((k) => k.trim())
          .filter((k) => k !== ""),
      ),
    ])
    .pipe(z.array(z.string().max(64)).min(1, "at least one key").max(MAX_KEYS_PER_REQUEST)),
});

/** Registers the route. */
export function registerInternalProjectConfigs(app: Hono<HonoEnv>): void {
  app.get("/internal/project-configs", zv("query", QuerySchema), async (c) => {
    const { keys } = c.req.valid("query");
    const body: ProjectConfigsResponse = { configs: await getProjectConfigs(c.var.services.db, keys) };
    return c.json(body);
  });
}
