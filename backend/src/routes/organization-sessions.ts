/**
 * @module
 * `GET /api/0/organizations/{org}/sessions/?field=sum(session)&groupBy=release&statsPeriod=24h
 * [&interval=1h][&project=<id>…][&environment=…][&query=release:<name>]` — Sentry's release-health
 * counts over the `sessions` table (parameters and shape in `src/sessions/sessions-api.ts`).
 * Confined to the caller's organization: a `project` of another organization answers 403.
 */
import type { Hono } from "hono";
import { sessionBuckets } from "../clickhouse/sessions.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { buildSessionsResponse, parseSessionsQuery } from "../sessions/sessions-api.ts";
import { resolveOrganization, resolveOrganizationProjectIds } from "./resolve.ts";

/** Registers the route. */
export function registerOrganizationSessions(app: Hono<HonoEnv>): void {
  app.get("/api/0/organizations/:org/sessions", async (c) => {
    const org = resolveOrganization(c, c.req.param("org"));
    const parsed = parseSessionsQuery(c.req.queries(), Math.floor(Date.now() / 1000));
    if (!parsed.ok) throw new ApiError({ code: "BAD_REQUEST", detail: parsed.error });
    const q = parsed.value;
    const projectIds = await resolveOrganizationProjectIds(c, org.id, q.projectIds);
    const rows = await sessionBuckets(c.var.services.events, {
      projectIds,
      from: q.start,
      to: q.end,
      bucketSeconds: q.interval,
      environments: q.environments,
      releases: q.releases,
    });
    return c.json(buildSessionsResponse(q, rows));
  });
}
