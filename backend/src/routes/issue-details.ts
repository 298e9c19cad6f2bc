/**
 * @module
 * `GET|PUT /api/0/issues/{issue_id}/` — one issue (numeric id or short id); PUT changes its status
 * and, as Sentry does, answers with the whole updated issue.
 * @see https://docs.sentry.io/api/events/update-an-issue/
 */
import type { Hono } from "hono";
import { z } from "zod";
import { userCountsByGroup } from "../clickhouse/issue-hourly.ts";
import { type IssueWithProject, setIssueStatus } from "../db/queries/issues.ts";
import { ISSUE_STATUSES } from "../db/schema/index.ts";
import { notFound } from "../errors/http.ts";
import type { Context, HonoEnv } from "../hono/env.ts";
import { issueStats } from "../issues/stats.ts";
import { issueReleases } from "../issues/tags.ts";
import { zv } from "../middleware/validate.ts";
import { organizationQuerier } from "../query/execute.ts";
import { type IssueDetailJson, serializeIssueDetail } from "../serializers/issue.ts";
import { resolveIssue } from "./resolve.ts";

// Other Sentry fields (hasSeen, isBookmarked, ...) are accepted and ignored until they exist here.
const UpdateSchema = z.looseObject({ status: z.enum(ISSUE_STATUSES) });

/** Serializes an issue with its user count and 24h / 30d series. */
async function detail(c: Context, { issue, project }: IssueWithProject): Promise<IssueDetailJson> {
  const { dashboardUrl } = c.var.services;
  const events = organizationQuerier(c.var.services.events, project.organizationId);
  const [users, day, month, releases] = await Promise.all([
    userCountsByGroup(events, project.id, [issue.id]),
    issueStats(events, project.id, [issue.id], "24h"),
    issueStats(events, project.id, [issue.id], "30d"),
    issueReleases(events, project.id, issue.id),
  ]);
  return serializeIssueDetail(issue, project, {
    userCount: users.get(issue.id) ?? 0,
    dashboardUrl,
    stats: { "24h": day.get(issue.id) ?? [], "30d": month.get(issue.id) ?? [] },
    releases,
  });
}

/** Registers GET and PUT. */
export function registerIssueDetails(app: Hono<HonoEnv>): void {
  app.get("/api/0/issues/:issueId", async (c) => {
    const found = await resolveIssue(c, c.req.param("issueId"));
    return c.json(await detail(c, found));
  });

  app.put("/api/0/issues/:issueId", zv("json", UpdateSchema), async (c) => {
    const { status } = c.req.valid("json");
    const found = await resolveIssue(c, c.req.param("issueId"));
    const updated = await setIssueStatus(c.var.services.db, found.issue.id, status);
    if (!updated) throw notFound();
    return c.json(await detail(c, { issue: updated, project: found.project }));
  });
}
