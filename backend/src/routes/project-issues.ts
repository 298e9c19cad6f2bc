/**
 * @module
 * `GET /api/0/projects/{org}/{project}/issues/?query=&sort=date|new|freq|user&statsPeriod=24h&cursor=&limit=`
 * — Sentry's project issue list: the search syntax of `src/issues/search.ts` (issue-level terms
 * in Postgres, event-level ones in one ClickHouse query, see `src/issues/list.ts`), keyset
 * pagination through `Link`. `statsPeriod` selects the count series in each issue's `stats`
 * (`24h` hourly, `14d` daily, empty for none), as in Sentry; it does not filter the list.
 * `count` / `userCount` are the issue's lifetime figures (also under `lifetime`); with event-level
 * terms, `filtered` holds the figures of the matching events, as Sentry's stream serializer does.
 * ClickHouse reads go through the query executor: per-organization limit (429), timeout (504).
 * @see https://docs.sentry.io/api/events/list-a-projects-issues/
 */
import type { Hono } from "hono";
import { z } from "zod";
import { userCountsByGroup } from "../clickhouse/issue-hourly.ts";
import type { IssueCursor } from "../db/queries/issues.ts";
import type { Issue } from "../db/schema/index.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { encodeCursor, linkHeader, type PageLink, pageSize, parseCursor } from "../http/cursor.ts";
import { ISSUE_SORTS, listIssues } from "../issues/list.ts";
import { parseIssueSearch } from "../issues/search.ts";
import { issueStats } from "../issues/stats.ts";
import { zv } from "../middleware/validate.ts";
import { organizationQuerier } from "../query/execute.ts";
import { serializeIssue } from "../serializers/issue.ts";
import { resolveProject } from "./resolve.ts";

const QuerySchema = z.object({
  query: z.string().max(4000).optional(),
  sort: z.enum(ISSUE_SORTS).default("date"),
  statsPeriod: z.enum(["24h", "14d", ""]).default("24h"),
  cursor: z.string().optional(),
  limit: z.string().optional(),
  per_page: z.string().optional(),
});

/** The Link header's two sides for a page fetched with `cursor`. */
function pageLinks(
  rows: Issue[],
  more: boolean,
  cursor: IssueCursor | null,
  raw: string | undefined,
  sortValue: (issue: Issue) => number,
) {
  const first = rows[0];
  const last = rows.at(-1);
  const back = cursor?.direction === "prev";
  const position = (issue: Issue, isPrev: boolean) =>
    encodeCursor({ value: sortValue(issue), offset: issue.id, isPrev });
  const stay = (isPrev: boolean) =>
    cursor ? encodeCursor({ value: cursor.value, offset: cursor.id, isPrev }) : (raw ?? "0:0:0");
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
    const { db, events: store, dashboardUrl } = c.var.services;
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const search = parseIssueSearch(q.query);
    if (!search.ok) throw new ApiError({ code: "BAD_REQUEST", detail: `Invalid search: ${search.error}` });
    const limit = pageSize(q.limit ?? q.per_page);
    const raw = q.cursor ? parseCursor(q.cursor) : null;
    const cursor: IssueCursor | null = raw
      ? { value: raw.value, id: raw.offset, direction: raw.isPrev ? "prev" : "next" }
      : null;
    const events = organizationQuerier(store, project.organizationId);
    const page = await listIssues(
      { db, events },
      { projectId: project.id, search: search.value, sort: q.sort, cursor, limit },
    );
    const { rows, more } = page;
    const ids = rows.map((r) => r.id);
    const period = q.statsPeriod === "" ? null : q.statsPeriod;
    const [users, stats] = await Promise.all([
      userCountsByGroup(events, project.id, ids),
      period ? issueStats(events, project.id, ids, period) : null,
    ]);
    const body = rows.map((issue) => {
      const series = stats?.get(issue.id);
      const userCount = users.get(issue.id) ?? 0;
      const match = page.filtered?.get(issue.id);
      return {
        ...serializeIssue(issue, project, {
          userCount,
          dashboardUrl,
          ...(period && series ? { stats: { [period]: series } } : {}),
        }),
        lifetime: {
          count: String(issue.timesSeen),
          userCount,
          firstSeen: issue.firstSeen.toISOString(),
          lastSeen: issue.lastSeen.toISOString(),
        },
        filtered: match
          ? {
              count: String(match.count),
              userCount: match.users,
              firstSeen: new Date(match.firstSeen * 1000).toISOString(),
              lastSeen: new Date(match.lastSeen * 1000).toISOString(),
            }
          : null,
      };
    });
    const links = pageLinks(rows, more, cursor, q.cursor, page.sortValue);
    c.header("Link", linkHeader(c.req.url, links.previous, links.next));
    return c.json(body);
  });
}
