/**
 * @module
 * `GET /api/0/issues/{issue_id}/events/` (newest first, offset cursor; `full=true` for full events)
 * and `GET /api/0/issues/{issue_id}/events/latest/`.
 * @see https://docs.sentry.io/api/events/list-an-issues-events/
 */
import type { Hono } from "hono";
import { z } from "zod";
import { adjacentGroupEvents, listGroupEvents } from "../clickhouse/events.ts";
import { notFound } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { encodeCursor, linkHeader, pageSize, parseCursor } from "../http/cursor.ts";
import { zv } from "../middleware/validate.ts";
import { serializeEvent, serializeSimpleEvent } from "../serializers/event.ts";
import { resolveIssue } from "./resolve.ts";

const ListQuerySchema = z.object({
  full: z.enum(["true", "false", "1", "0"]).optional(),
  cursor: z.string().optional(),
  limit: z.string().optional(),
  per_page: z.string().optional(),
});

/** Registers both routes. */
export function registerIssueEvents(app: Hono<HonoEnv>): void {
  app.get("/api/0/issues/:issueId/events/latest", async (c) => {
    const { issue, project } = await resolveIssue(c, c.req.param("issueId"));
    const { events } = c.var.services;
    const [latest] = await listGroupEvents(events, project.id, issue.id, { offset: 0, limit: 1 });
    if (!latest) throw notFound();
    return c.json(serializeEvent(latest, await adjacentGroupEvents(events, latest)));
  });

  app.get("/api/0/issues/:issueId/events", zv("query", ListQuerySchema), async (c) => {
    const q = c.req.valid("query");
    const { issue, project } = await resolveIssue(c, c.req.param("issueId"));
    const limit = pageSize(q.limit ?? q.per_page);
    // Offset cursors (`0:<offset>:0`): an issue's events only grow at the newest end, which a
    // client paging backwards in time does not see anyway.
    const offset = q.cursor ? parseCursor(q.cursor).offset : 0;
    const rows = await listGroupEvents(c.var.services.events, project.id, issue.id, { offset, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const full = q.full === "true" || q.full === "1";
    const prevOffset = Math.max(0, offset - limit);
    c.header(
      "Link",
      linkHeader(
        c.req.url,
        { cursor: encodeCursor({ value: 0, offset: prevOffset, isPrev: true }), results: offset > 0 },
        { cursor: encodeCursor({ value: 0, offset: offset + limit, isPrev: false }), results: rows.length > limit },
      ),
    );
    return c.json(page.map((e) => (full ? serializeEvent(e) : serializeSimpleEvent(e))));
  });
}
