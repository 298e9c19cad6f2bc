/**
 * @module
 * Metric alert rules, Sentry's paths:
 * - `GET  /api/0/organizations/{org}/alert-rules/` — the organization's rules
 * - `POST /api/0/organizations/{org}/alert-rules/` — create (`MetricRuleBodySchema`) → 201 rule
 * - `GET|PUT|DELETE /api/0/organizations/{org}/alert-rules/{id}/` (PUT resets the state to `ok`)
 * - `GET .../alert-rules/{id}/evaluations/?statsPeriod=24h` — our own: the measured values, newest
 *   first (at most 1,000), for the rule page's chart
 * - `GET .../alert-rules/{id}/history/` — our own: state changes and notifications with attempts
 */
import type { Hono } from "hono";
import { z } from "zod";
import { restoreSecrets } from "../alerts/redact.ts";
import type { Trigger } from "../alerts/rule-config.ts";
import { listRuleNotifications } from "../db/queries/alert-outbox.ts";
import {
  createMetricRule,
  deleteMetricRule,
  getMetricRule,
  listEvaluations,
  listMetricRules,
  type MetricRuleColumns,
  updateMetricRule,
} from "../db/queries/metric-alert-rules.ts";
import { findProjectBySlug } from "../db/queries/projects.ts";
import { ApiError, notFound } from "../errors/http.ts";
import type { Context, HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { serializeNotification } from "../serializers/alert-notification.ts";
import { serializeMetricAlertRule } from "../serializers/metric-alert-rule.ts";
import { type MetricRuleBody, MetricRuleBodySchema } from "./alert-rule-schemas.ts";
import { resolveOrganization } from "./resolve.ts";

const LIST = "/api/0/organizations/:org/alert-rules";
const ONE = `${LIST}/:ruleId{[0-9]+}`;
const PERIOD_HOURS = { "1h": 1, "24h": 24, "7d": 168, "14d": 336 } as const;
const PeriodQuery = z.object({
  statsPeriod: z.enum(Object.keys(PERIOD_HOURS) as [keyof typeof PERIOD_HOURS]).default("24h"),
});

const badRequest = (field: string, message: string) =>
  new ApiError({
    code: "BAD_REQUEST",
    detail: "Invalid json",
    causes: [`${field}: ${message}`],
    fields: { [field]: [message] },
  });

async function toColumns(c: Context, org: { id: number; slug: string }, body: MetricRuleBody, stored: Trigger[]) {
  const project = await findProjectBySlug(c.var.services.db, org.id, org.slug, body.projects[0] ?? "");
  if (!project) throw badRequest("projects", "unknown project");
  const triggers: Trigger[] = [];
  for (const t of body.triggers) {
    // A trigger added on edit may reuse the other trigger's stored secret (editors share actions).
    const before = stored.find((s) => s.label === t.label)?.actions ?? stored.flatMap((s) => s.actions);
    const actions = restoreSecrets(t.actions, before);
    if (!Array.isArray(actions))
      throw badRequest("triggers", `${t.label}: a redacted secret has nothing stored to keep`);
    triggers.push({ ...t, actions });
  }
  return {
    projectId: project.id,
    name: body.name,
    status: body.status,
    aggregate: body.aggregate,
    query: body.query,
    environment: body.environment,
    timeWindowMinutes: body.timeWindow,
    thresholdType: body.thresholdType,
    resolveThreshold: body.resolveThreshold,
    triggers,
  } satisfies MetricRuleColumns;
}

async function resolveMetricRule(c: Context) {
  const org = resolveOrganization(c, c.req.param("org") ?? "");
  const found = await getMetricRule(c.var.services.db, org.id, Number(c.req.param("ruleId")));
  if (!found) throw notFound();
  return { org, found };
}

/** Registers the metric alert rule endpoints. */
export function registerOrganizationAlertRules(app: Hono<HonoEnv>): void {
  app.get(LIST, async (c) => {
    const org = resolveOrganization(c, c.req.param("org"));
    return c.json((await listMetricRules(c.var.services.db, org.id)).map(serializeMetricAlertRule));
  });

  app.post(LIST, zv("json", MetricRuleBodySchema, { fieldErrors: true }), async (c) => {
    const org = resolveOrganization(c, c.req.param("org"));
    const { db } = c.var.services;
    const id = await createMetricRule(db, org.id, await toColumns(c, org, c.req.valid("json"), []));
    const created = await getMetricRule(db, org.id, id);
    if (!created) throw notFound();
    return c.json(serializeMetricAlertRule(created), 201);
  });

  app.get(ONE, async (c) => {
    const { found } = await resolveMetricRule(c);
    return c.json(serializeMetricAlertRule(found));
  });

  app.put(ONE, zv("json", MetricRuleBodySchema, { fieldErrors: true }), async (c) => {
    const { org, found } = await resolveMetricRule(c);
    const { db } = c.var.services;
    const columns = await toColumns(c, org, c.req.valid("json"), found.rule.triggers);
    if (!(await updateMetricRule(db, org.id, found.rule.id, columns))) throw notFound();
    const updated = await getMetricRule(db, org.id, found.rule.id);
    if (!updated) throw notFound();
    return c.json(serializeMetricAlertRule(updated));
  });

  app.delete(ONE, async (c) => {
    const { org, found } = await resolveMetricRule(c);
    await deleteMetricRule(c.var.services.db, org.id, found.rule.id);
    return c.body(null, 204);
  });

  app.get(`${ONE}/evaluations`, zv("query", PeriodQuery), async (c) => {
    const { found } = await resolveMetricRule(c);
    const since = new Date(Date.now() - PERIOD_HOURS[c.req.valid("query").statsPeriod] * 3_600_000);
    const rows = await listEvaluations(c.var.services.db, found.rule.id, since, 1_000);
    return c.json(
      rows.map((r) => ({
        dateEvaluated: r.evaluatedAt.toISOString(),
        value: r.value,
        state: r.state,
        changed: r.changed,
      })),
    );
  });

  app.get(`${ONE}/history`, async (c) => {
    const { found } = await resolveMetricRule(c);
    const { db } = c.var.services;
    const changes = (await listEvaluations(db, found.rule.id, new Date(0), 10_000)).filter((r) => r.changed);
    const notifications = await listRuleNotifications(db, ["metric"], found.rule.id, 100);
    return c.json({
      stateChanges: changes
        .slice(0, 100)
        .map((r) => ({ dateChanged: r.evaluatedAt.toISOString(), value: r.value, state: r.state })),
      notifications: notifications.map(({ row, deliveries }) => serializeNotification(row, deliveries)),
    });
  });
}
