/**
 * @module
 * Stored rows → rule configurations (the jsonb columns hold the parsed shapes of `./rule-config.ts`).
 */
import type { AlertRuleRow } from "../db/schema/index.ts";
import type { IssueRuleConfig } from "./rule-config.ts";

/** The configuration of an issue rule row. */
export function toIssueRuleConfig(row: AlertRuleRow): IssueRuleConfig {
  return {
    name: row.name,
    status: row.status,
    environment: row.environment,
    actionMatch: row.actionMatch,
    filterMatch: row.filterMatch,
    frequency: row.frequencyMinutes,
    conditions: row.conditions,
    filters: row.filters,
    actions: row.actions,
  };
}
