/**
 * @module
 * `GET /api/0/projects/{org}/{project}/issues/?query=&statsPeriod=24h&cursor=&limit=` — Sentry's
 * project issue list: newest activity first (last_seen desc), keyset-paginated through `Link`.
 * `statsPeriod` selects the count series in each issue's `stats` (`24h` hourly, `14d` daily, empty
 * for none), as in Sentry; it does not filter the list.
 * @see https://docs.sentry.io/api/events/list-a-projects-issues/
 */
import type { Hono } from "hono";
import { z } from "zod";
import { userCountsByGroup } from "../clickhouse/events.ts";
import { type IssueCursor, listProjectIssues } from "../db/queries/issues.ts";
import type { Issue } from "../db/schema/index.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { encodeCursor, linkHeader, type PageLink, pageSize, parseCursor } from "../http/cursor.ts";
import { parseIssueSearch } from "../issues/search.ts";
import { issueStats } from "../issues/stats.ts";
import { zv } from "../middleware/validate.ts";
import { serializeIssue } from "../serializers/issue.ts";
import { resolveProject } from "./resolve.ts";

const QuerySchema = z.object({
  query: z.string().optional(),
  statsPeriod: z.enum(["24h", "14d", ""]).default("24h"),
  cursor: z.string().optional(),
  limit: z.string().optional(),
  per_page: z.string().optional(),
});

const position = (issue: Issue, isPrev: boolean) =>
  encodeCursor({ value: issue.lastSeen.getTime(), offset: issue.id, isPrev });

/** The Link header's two sides for a page fetched with `cursor`. */
function pageLinks(rows: Issue[], more: boolean, cursor: IssueCursor | null, raw: string | undefined) {
  const first = rows[0];
  const last = rows.at(-1);
  const back = cursor?.direction === "prev";
  const stay = (isPrev: boolean) =>
    cursor ? encodeCursor({ value: cursor.lastSeenMs, offset: cursor.id, isPrev }) : (raw ?? "0:0:0");
  const previous: PageLink = {
    cursor: first ? position(first, true) : stay(true),
    results: back ? more : cursor !== null && rows.length > 0,
  };
  const next: PageLink = {
    cursor: last ? position(last, false) : stay(false),
    results: back ? rows.length > 0 : more,
  };
  return { previous, next };
}

/** Registers the route. */
export function registerProjectIssues(app: Hono<HonoEnv>): void {
  app.get("/api/0/projects/:org/:project/issues", zv("query", QuerySchema), async (c) => {
    const q = c.req.valid("query");
    const { db, events, dashboardUrl } = c.var.services;
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const search = parseIssueSearch(q.query);
    if (!search.ok) throw new ApiError({ code: "BAD_REQUEST", detail: search.error });
    const limit = pageSize(q.limit ?? q.per_page);
    const raw = q.cursor ? parseCursor(q.cursor) : null;
    const cursor: IssueCursor | null = raw
      ? { lastSeenMs: raw.value, id: raw.offset, direction: raw.isPrev ? "prev" : "next" }
      : null;
    const { rows, more } = await listProjectIssues(db, { projectId: project.id, ...search.value, cursor, limit });

    const ids = rows.map((r) => r.id);
    const period = q.statsPeriod === "" ? null : q.statsPeriod;
    const [users, stats] = await Promise.all([
      userCountsByGroup(events, project.id, ids),
      period ? issueStats(events, project.id, ids, period) : null,
    ]);
    const body = rows.map((issue) => {
      const series = stats?.get(issue.id);
      return serializeIssue(issue, project, {
        userCount: users.get(issue.id) ?? 0,
        dashboardUrl,
        ...(period && series ? { stats: { [period]: series } } : {}),
      });
    });
    const links = pageLinks(rows, more, cursor, q.cursor);
    c.header("Link", linkHeader(c.req.url, links.previous, links.next));
    return c.json(body);
  });
}
