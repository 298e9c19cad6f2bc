/**
 * @module
 * `GET /api/0/issues/{issue_id}/tags/` and `GET /api/0/issues/{issue_id}/tags/{key}/` — an issue's
 * tag keys with their most frequent values, in Sentry's shapes (`key`, `name`, `totalValues`,
 * `uniqueValues`, `topValues: [{key, name, value, count, firstSeen, lastSeen}]`). Filters as in
 * Sentry: `?key=` (repeatable) on the list, `?environment=` (repeatable) on both; `?limit=` values
 * per key (default 9, at most 100). A key the issue never had answers 404, as in Sentry.
 * @see https://docs.sentry.io/api/events/retrieve-tag-details/
 */
import type { Hono } from "hono";
import { ApiError, notFound } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { issueTagBreakdown } from "../issues/tags.ts";
import { organizationQuerier } from "../query/execute.ts";
import { resolveIssue } from "./resolve.ts";

function topLimit(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 9;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ApiError({ code: "BAD_REQUEST", detail: "Invalid limit parameter." });
  return Math.min(n, 100);
}

const TAG_KEY = /^[a-zA-Z0-9_.:-]{1,200}$/;

/** Registers both routes. */
export function registerIssueTags(app: Hono<HonoEnv>): void {
  app.get("/api/0/issues/:issueId/tags", async (c) => {
    const { issue, project } = await resolveIssue(c, c.req.param("issueId"));
    const keys = c.req.queries("key") ?? [];
    if (keys.some((k) => !TAG_KEY.test(k))) throw new ApiError({ code: "BAD_REQUEST", detail: "Invalid tag key." });
    const events = organizationQuerier(c.var.services.events, project.organizationId);
    const scope = {
      projectId: project.id,
      groupId: issue.id,
      keys,
      environments: c.req.queries("environment") ?? [],
    };
    return c.json(await issueTagBreakdown(events, scope, topLimit(c.req.query("limit"))));
  });

  app.get("/api/0/issues/:issueId/tags/:key", async (c) => {
    const { issue, project } = await resolveIssue(c, c.req.param("issueId"));
    const key = c.req.param("key");
    if (!TAG_KEY.test(key)) throw notFound();
    const events = organizationQuerier(c.var.services.events, project.organizationId);
    const scope = {
      projectId: project.id,
      groupId: issue.id,
      keys: [key],
      environments: c.req.queries("environment") ?? [],
    };
    const [found] = await issueTagBreakdown(events, scope, topLimit(c.req.query("limit")));
    if (!found) throw notFound();
    return c.json(found);
  });
}
