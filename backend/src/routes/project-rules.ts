/**
 * @module
 * Issue alert rules of a project, Sentry's paths:
 * - `GET  /api/0/projects/{org}/{project}/rules/` — the project's rules, oldest first
 * - `POST /api/0/projects/{org}/{project}/rules/` — create (`IssueRuleBodySchema`) → 201 rule
 * - `GET|PUT|DELETE /api/0/projects/{org}/{project}/rules/{ruleId}/`
 * Secrets in actions are never answered (`REDACTED`); sending the placeholder back keeps them.
 */
import type { Hono } from "hono";
import { restoreSecrets } from "../alerts/redact.ts";
import type { IssueRuleConfig } from "../alerts/rule-config.ts";
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertRules,
  updateAlertRule,
} from "../db/queries/alert-rules.ts";
import type { AlertRuleRow } from "../db/schema/index.ts";
import { ApiError, notFound } from "../errors/http.ts";
import type { Context, HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { serializeAlertRule } from "../serializers/alert-rule.ts";
import { type IssueRuleBody, IssueRuleBodySchema } from "./alert-rule-schemas.ts";
import { resolveProject } from "./resolve.ts";

const LIST = "/api/0/projects/:org/:project/rules";
const ONE = "/api/0/projects/:org/:project/rules/:ruleId{[0-9]+}";

function toConfig(body: IssueRuleBody, stored: AlertRuleRow | null): IssueRuleConfig {
  const actions = restoreSecrets(body.actions, stored?.actions ?? []);
  if (!Array.isArray(actions)) {
    throw new ApiError({
      code: "BAD_REQUEST",
      detail: "Invalid json",
      causes: [`actions.${actions.missing}: a redacted secret has no stored value to keep; send the secret`],
      fields: { actions: [`${actions.missing}: a redacted secret has no stored value to keep; send the secret`] },
    });
  }
  return { ...body, actions };
}

/** The rule `{ruleId}` of the path's project, else 404. */
export async function resolveRule(c: Context) {
  const project = await resolveProject(c, c.req.param("org") ?? "", c.req.param("project") ?? "");
  const rule = await getAlertRule(c.var.services.db, project.id, Number(c.req.param("ruleId")));
  if (!rule) throw notFound();
  return { project, rule };
}

/** Registers list, create, details, update, delete. */
export function registerProjectRules(app: Hono<HonoEnv>): void {
  app.get(LIST, async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const rows = await listAlertRules(c.var.services.db, project.id);
    return c.json(rows.map((r) => serializeAlertRule(r, project.slug)));
  });

  app.post(LIST, zv("json", IssueRuleBodySchema, { fieldErrors: true }), async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const row = await createAlertRule(
      c.var.services.db,
      { organizationId: project.organizationId, projectId: project.id },
      toConfig(c.req.valid("json"), null),
    );
    return c.json(serializeAlertRule(row, project.slug), 201);
  });

  app.get(ONE, async (c) => {
    const { project, rule } = await resolveRule(c);
    return c.json(serializeAlertRule(rule, project.slug));
  });

  app.put(ONE, zv("json", IssueRuleBodySchema, { fieldErrors: true }), async (c) => {
    const { project, rule } = await resolveRule(c);
    const updated = await updateAlertRule(c.var.services.db, project.id, rule.id, toConfig(c.req.valid("json"), rule));
    if (!updated) throw notFound();
    return c.json(serializeAlertRule(updated, project.slug));
  });

  app.delete(ONE, async (c) => {
    const { project, rule } = await resolveRule(c);
    await deleteAlertRule(c.var.services.db, project.id, rule.id);
    return c.body(null, 204);
  });
}
