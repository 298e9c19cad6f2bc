/**
 * @module
 * `PUT /api/0/projects/{org}/{project}/issues/?id=1&id=2` with `{"status": "resolved"|"unresolved"|"ignored"}`
 * — Sentry's bulk mutation of a project's issues, as the issue stream's bulk resolve / ignore uses it.
 * Only the listed ids of this project change (ids of other projects are left alone, as in Sentry);
 * the answer is Sentry's `{status, statusDetails}`, or 204 when no listed issue exists here.
 * Without any `id` Sentry would update every issue matching `query`; we refuse that with 400 rather
 * than resolve a whole project by accident.
 * @see https://docs.sentry.io/api/events/bulk-mutate-a-list-of-issues/
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Hono } from "hono";
import { z } from "zod";
import { statusChange } from "../db/queries/issues.ts";
import { ISSUE_STATUSES, issues } from "../db/schema/index.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { resolveProject } from "./resolve.ts";

/** Most ids one request may name (Sentry's bulk limit is 1,000; a dashboard page holds 100). */
export const MAX_BULK_IDS = 1_000;

const BodySchema = z.looseObject({ status: z.enum(ISSUE_STATUSES) });

/** Registers the route. */
export function registerProjectIssuesBulk(app: Hono<HonoEnv>): void {
  app.put("/api/0/projects/:org/:project/issues", zv("json", BodySchema), async (c) => {
    const { status } = c.req.valid("json");
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const raw = c.req.queries("id") ?? [];
    if (raw.length === 0) throw new ApiError({ code: "BAD_REQUEST", detail: "At least one id is required" });
    if (raw.length > MAX_BULK_IDS) {
      throw new ApiError({ code: "BAD_REQUEST", detail: `At most ${MAX_BULK_IDS} ids per request` });
    }
    const ids = raw.map((v) => (/^\d{1,15}$/.test(v) ? Number(v) : Number.NaN));
    if (ids.some(Number.isNaN)) throw new ApiError({ code: "BAD_REQUEST", detail: "Invalid id" });
    const updated = await c.var.services.db
      .update(issues)
      .set(statusChange(status))
      .where(and(eq(issues.projectId, project.id), inArray(issues.id, ids)))
      .returning({ id: issues.id });
    if (updated.length === 0) return c.body(null, 204);
    return c.json({ status, statusDetails: {} });
  });
}
