/**
 * @module
 * `GET /api/0/projects/{org}/{project}/filters/` — the project's toggleable inbound filters in
 * Sentry's shape: `[{id, active, name, description}]` for `localhost`, `browser-extensions`,
 * `legacy-browsers` (`active`: true, false or the subfilter list) and `web-crawlers`.
 * @see https://docs.sentry.io/api/projects/list-a-projects-data-filters/
 */
import type { Hono } from "hono";
import { getFiltersConfig } from "../db/queries/filters.ts";
import type { HonoEnv } from "../hono/env.ts";
import { serializeProjectFilters } from "../serializers/project-filter.ts";
import { resolveProject } from "./resolve.ts";

const PATH = "/api/0/projects/:org/:project/filters";

/** Registers GET. */
export function registerProjectFilters(app: Hono<HonoEnv>): void {
  app.get(PATH, async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    return c.json(serializeProjectFilters(await getFiltersConfig(c.var.services.db, project.id)));
  });
}
