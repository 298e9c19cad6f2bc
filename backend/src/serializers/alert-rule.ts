/**
 * @module
 * Issue alert rule JSON, as Sentry's project rules API answers (`id` as a string, `frequency` in
 * minutes, `dateCreated`), with secrets redacted.
 */
import { toIssueRuleConfig } from "../alerts/config-from-row.ts";
import { redactAction } from "../alerts/redact.ts";
import type { IssueRuleConfig } from "../alerts/rule-config.ts";
import type { AlertRuleRow } from "../db/schema/index.ts";

/** The rule JSON: its configuration (actions redacted) plus identity and dates. */
export interface AlertRuleJson extends IssueRuleConfig {
  id: string;
  projects: string[];
  owner: null;
  createdBy: null;
  dateCreated: string;
  dateModified: string;
}

/** Serializes a rule of `projectSlug`. */
export function serializeAlertRule(row: AlertRuleRow, projectSlug: string): AlertRuleJson {
  const config = toIssueRuleConfig(row);
  return {
    id: String(row.id),
    ...config,
    actions: config.actions.map(redactAction),
    projects: [projectSlug],
    owner: null,
    createdBy: null,
    dateCreated: row.createdAt.toISOString(),
    dateModified: row.updatedAt.toISOString(),
  };
}
