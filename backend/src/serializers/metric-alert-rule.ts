/**
 * @module
 * Metric alert rule JSON, after Sentry's organization alert rules (`timeWindow` in minutes,
 * `thresholdType`, `resolveThreshold`, `triggers`), plus the rule's current `state`; secrets
 * redacted.
 */
import { redactAction } from "../alerts/redact.ts";
import type { MetricState, Trigger } from "../alerts/rule-config.ts";
import type { MetricRuleWithProject } from "../db/queries/metric-alert-rules.ts";

/** The rule JSON. */
export interface MetricAlertRuleJson {
  id: string;
  name: string;
  status: "active" | "disabled";
  dataset: "events";
  aggregate: string;
  query: string;
  environment: string | null;
  timeWindow: number;
  thresholdType: number;
  resolveThreshold: number | null;
  triggers: Trigger[];
  projects: string[];
  state: MetricState;
  dateStateChanged: string | null;
  lastEvaluated: string | null;
  dateCreated: string;
  dateModified: string;
}

/** Serializes a rule. */
export function serializeMetricAlertRule({ rule, projectSlug }: MetricRuleWithProject): MetricAlertRuleJson {
  return {
    id: String(rule.id),
    name: rule.name,
    status: rule.status,
    dataset: "events",
    aggregate: rule.aggregate,
    query: rule.query,
    environment: rule.environment,
    timeWindow: rule.timeWindowMinutes,
    thresholdType: rule.thresholdType,
    resolveThreshold: rule.resolveThreshold,
    triggers: rule.triggers.map((t) => ({ ...t, actions: t.actions.map(redactAction) })),
    projects: [projectSlug],
    state: rule.state,
    dateStateChanged: rule.stateChangedAt?.toISOString() ?? null,
    lastEvaluated: rule.lastEvaluatedAt?.toISOString() ?? null,
    dateCreated: rule.createdAt.toISOString(),
    dateModified: rule.updatedAt.toISOString(),
  };
}
