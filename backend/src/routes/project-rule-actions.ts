/**
 * @module
 * - `POST /api/0/projects/{org}/{project}/rules/test-fire-actions/` — sends a test notification
 *   through the given actions (`{"actions": [...]}`) or a saved rule's (`{"ruleId": n}`, which uses
 *   the stored secrets; with both, redacted secrets in `actions` are the rule's), now, in the
 *   request; answers each action's first attempt. The
 *   notifications go through the outbox like any other, so a failed attempt is retried with
 *   backoff and every attempt is in the delivery log.
 * - `GET .../rules/{ruleId}/group-history/?statsPeriod=14d` — Sentry's per-issue firing counts.
 * - `GET .../rules/{ruleId}/history/` — our own: the rule's firings and its notifications with
 *   every delivery attempt (newest first, 100 each).
 */
import type { Hono } from "hono";
import { z } from "zod";
import { issueRuleUrl, issueUrl } from "../alerts/links.ts";
import type { AlertNotification } from "../alerts/notification.ts";
import { redactAction, restoreSecrets } from "../alerts/redact.ts";
import { enqueueNotifications, listRuleNotifications } from "../db/queries/alert-outbox.ts";
import { getAlertRule, listRuleFires, ruleGroupHistory } from "../db/queries/alert-rules.ts";
import { ApiError, notFound } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { shortId } from "../issues/short-id.ts";
import { zv } from "../middleware/validate.ts";
import { serializeNotification } from "../serializers/alert-notification.ts";
import { TestFireBodySchema } from "./alert-rule-schemas.ts";
import { resolveRule } from "./project-rules.ts";
import { resolveProject } from "./resolve.ts";

const BASE = "/api/0/projects/:org/:project/rules";
const PERIODS = { "24h": 24, "7d": 168, "14d": 336, "30d": 720, "90d": 2_160 } as const;
const PeriodQuery = z.object({ statsPeriod: z.enum(Object.keys(PERIODS) as [keyof typeof PERIODS]).default("14d") });

/** Registers test-fire, group history and history. */
export function registerProjectRuleActions(app: Hono<HonoEnv>): void {
  app.post(`${BASE}/test-fire-actions`, zv("json", TestFireBodySchema, { fieldErrors: true }), async (c) => {
    const body = c.req.valid("json");
    const { db, dashboardUrl, alerts } = c.var.services;
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const rule = body.ruleId === undefined ? null : await getAlertRule(db, project.id, body.ruleId);
    if (body.ruleId !== undefined && !rule) throw notFound();
    // With a rule, placeholders in the given actions stand for its stored secrets (the editor sends
    // its form as it is); without one there is nothing to restore, and a placeholder is refused.
    const restored = restoreSecrets(body.actions ?? rule?.actions ?? [], rule?.actions ?? []);
    if (!Array.isArray(restored)) {
      const message = `${restored.missing}: a redacted secret has no stored value; send the secret`;
      throw new ApiError({
        code: "BAD_REQUEST",
        detail: "Invalid json",
        causes: [`actions.${message}`],
        fields: { actions: [message] },
      });
    }
    const actions = restored;
    const name = rule?.name ?? body.name;
    const url = issueRuleUrl(dashboardUrl, project.organizationSlug, project.slug, rule?.id ?? null);
    const notification: AlertNotification = {
      kind: "test",
      rule: { id: rule?.id ?? null, name },
      organization: project.organizationSlug,
      project: project.slug,
      title: `Test notification: ${name}`,
      reason: "This is a test notification sent from the rule editor.",
      url,
      triggeredAt: new Date().toISOString(),
      issue: {
        id: 0,
        shortId: shortId(project.slug, 0),
        title: `Test notification: ${name}`,
        culprit: "",
        level: "info",
        url: issueUrl(dashboardUrl, project.organizationSlug, project.slug, 0),
      },
    };
    const rows = await enqueueNotifications(
      db,
      actions.map((action) => ({
        organizationId: project.organizationId,
        kind: "test" as const,
        ruleId: rule?.id ?? null,
        action,
        notification,
      })),
    );
    const reports = await alerts.worker.deliverNow(rows.map((r) => r.id));
    const byId = new Map(reports.map((r) => [r.outboxId, r]));
    return c.json({
      results: rows.map((row) => {
        const r = byId.get(row.id);
        return {
          action: redactAction(row.action),
          ok: r?.ok ?? false,
          httpStatus: r?.httpStatus ?? null,
          error: r?.error ?? null,
          willRetry: r ? !r.ok && r.retryable : false,
        };
      }),
    });
  });

  app.get(`${BASE}/:ruleId{[0-9]+}/group-history`, zv("query", PeriodQuery), async (c) => {
    const { project, rule } = await resolveRule(c);
    const hours = PERIODS[c.req.valid("query").statsPeriod];
    const since = new Date(Date.now() - hours * 3_600_000);
    const rows = await ruleGroupHistory(c.var.services.db, rule.id, since);
    return c.json(
      rows.map((r) => ({
        group: {
          id: String(r.issueId),
          shortId: shortId(project.slug, r.issueId),
          title: r.title,
          culprit: r.culprit,
          level: r.level,
          status: r.status,
          permalink: issueUrl(c.var.services.dashboardUrl, project.organizationSlug, project.slug, r.issueId),
        },
        count: r.count,
        lastTriggered: r.lastTriggered.toISOString(),
        eventId: r.eventId,
      })),
    );
  });

  app.get(`${BASE}/:ruleId{[0-9]+}/history`, async (c) => {
    const { rule } = await resolveRule(c);
    const { db } = c.var.services;
    const [fires, notifications] = await Promise.all([
      listRuleFires(db, rule.id, 100),
      listRuleNotifications(db, ["issue", "test"], rule.id, 100),
    ]);
    return c.json({
      fires: fires.map(({ fire, issueTitle }) => ({
        issueId: String(fire.issueId),
        issueTitle,
        eventId: fire.eventId,
        reason: fire.reason,
        dateFired: fire.firedAt.toISOString(),
      })),
      notifications: notifications.map(({ row, deliveries }) => serializeNotification(row, deliveries)),
    });
  });
}
