/**
 * @module
 * `GET /api/0/projects/{org}/{project}/user-feedback/` — the project's user reports (legacy
 * `user_report` items and `feedback` items), newest first, in Sentry's shape. `limit` (default 100,
 * at most 100) and an offset `cursor` (`0:<offset>:0`) as the issue events list.
 * @see https://docs.sentry.io/api/projects/list-a-projects-user-feedback/
 */
import type { Hono } from "hono";
import { listUserReports } from "../clickhouse/user-reports.ts";
import type { HonoEnv } from "../hono/env.ts";
import { resolveProject } from "./resolve.ts";

/** Sentry's user report JSON. */
export interface UserReportJson {
  id: string;
  eventID: string;
  name: string;
  email: string;
  comments: string;
  dateCreated: string;
  user: null;
  event: { id: string; eventID: string };
}

/** Registers the route. */
export function registerProjectUserFeedback(app: Hono<HonoEnv>): void {
  app.get("/api/0/projects/:org/:project/user-feedback", async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const limit = Math.min(100, Math.max(1, Number.parseInt(c.req.query("limit") ?? "100", 10) || 100));
    const offset = Math.max(0, Number.parseInt((c.req.query("cursor") ?? "0:0:0").split(":")[1] ?? "0", 10) || 0);
    const rows = await listUserReports(c.var.services.events, project.id, { offset, limit });
    return c.json(
      rows.map(
        (r): UserReportJson => ({
          id: r.report_id,
          eventID: r.event_id,
          name: r.name,
          email: r.email,
          comments: r.comments,
          dateCreated: new Date(r.ts * 1000).toISOString(),
          user: null,
          event: { id: r.event_id, eventID: r.event_id },
        }),
      ),
    );
  });
}
