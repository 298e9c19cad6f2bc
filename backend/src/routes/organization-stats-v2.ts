/**
 * @module
 * `GET /api/0/organizations/{org}/stats_v2/?field=sum(quantity)&groupBy=outcome&category=error
 * &statsPeriod=24h&interval=1h[&project=<id>…][&outcome=…][&reason=…]` — Sentry's usage stats over
 * the `outcomes` table (parameters and shape in `src/stats/stats-v2.ts`). Confined to the caller's
 * organization: its org id and its project ids filter every query, and a `project` of another
 * organization (or one that does not exist) answers 403, as in Sentry.
 * @see https://docs.sentry.io/api/organizations/retrieve-event-counts-for-an-organization-v2/
 */
import type { Hono } from "hono";
import { outcomeSeries } from "../clickhouse/outcomes.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { buildStatsV2Response, groupColumns, parseStatsV2Query } from "../stats/stats-v2.ts";
import { resolveOrganization, resolveOrganizationProjectIds } from "./resolve.ts";

/** Registers the route. */
export function registerOrganizationStatsV2(app: Hono<HonoEnv>): void {
  app.get("/api/0/organizations/:org/stats_v2", async (c) => {
    const org = resolveOrganization(c, c.req.param("org"));
    const parsed = parseStatsV2Query(c.req.queries(), Math.floor(Date.now() / 1000));
    if (!parsed.ok) throw new ApiError({ code: "BAD_REQUEST", detail: parsed.error });
    const q = parsed.value;
    const projectIds = await resolveOrganizationProjectIds(c, org.id, q.projectIds);
    const rows = await outcomeSeries(c.var.services.events, {
      orgId: org.id,
      projectIds,
      start: q.start,
      end: q.end,
      interval: q.interval,
      groupBy: groupColumns(q),
      filters: q.filters,
    });
    return c.json(buildStatsV2Response(q, rows));
  });
}
