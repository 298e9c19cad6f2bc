/**
 * @module
 * Issue alert rule JSON, as Sentry's project rules API answers (`id` as a string, `frequency` in
 * minutes, `dateCreated`), with secrets redacted.
 */
import { redactAction } from "../alerts/redact.ts";
import type { Action, Condition, Filter } from "../alerts/rule-config.ts";
import type { AlertRuleRow } from "../db/schema/index.ts";

/** The rule JSON. */
export interface AlertRuleJson {
  id: string;
  name: string;
  status: "active" | "disabled";
  environment: string | null;
  actionMatch: "all" | "any";
  filterMatch: "all" | "any" | "none";
  frequency: number;
  conditions: Condition[];
  filters: Filter[];
  actions: Action[];
  projects: string[];
  owner: null;
  createdBy: null;
  dateCreated: string;
  dateModified: string;
}

/** Serializes a rule of `projectSlug`. */
export function serializeAlertRule(row: AlertRuleRow, projectSlug: string): AlertRuleJson {
  return {
    id: String(row.id),
    name: row.name,
    status: row.status,
    environment: row.environment,
    actionMatch: row.actionMatch,
    filterMatch: row.filterMatch,
    frequency: row.frequencyMinutes,
    conditions: row.conditions,
    filters: row.filters,
    actions: row.actions.map(redactAction),
    projects: [projectSlug],
    owner: null,
    createdBy: null,
    dateCreated: row.createdAt.toISOString(),
    dateModified: row.updatedAt.toISOString(),
  };
}
