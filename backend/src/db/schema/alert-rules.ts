/**
 * @module
 * Issue alert rules (Sentry's project rules): evaluated by the pipeline for every batch that touches
 * an issue of the project (`src/alerts/issue-alerts.ts`). Conditions, filters and actions are jsonb in
 * the parsed shapes of `src/alerts/rule-config.ts`; actions hold secrets, which the API never shows.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { Action, Condition, Filter } from "../../alerts/rule-config.ts";
import { ruleColumns } from "./rule-columns.ts";

/** Issue alert rules. */
export const alertRules = pgTable(
  "alert_rules",
  {
    ...ruleColumns(),
    /** Only events of this environment count; null = any. */
    environment: text("environment"),
    actionMatch: text("action_match", { enum: ["all", "any"] }).notNull(),
    filterMatch: text("filter_match", { enum: ["all", "any", "none"] }).notNull(),
    /** Per-issue cool-down, minutes (Sentry's `frequency`). */
    frequencyMinutes: integer("frequency_minutes").notNull(),
    conditions: jsonb("conditions").$type<Condition[]>().notNull(),
    filters: jsonb("filters").$type<Filter[]>().notNull(),
    actions: jsonb("actions").$type<Action[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("alert_rules_project_idx").on(t.projectId, t.status),
    check("alert_rules_frequency_check", sql`${t.frequencyMinutes} >= 0`),
  ],
);

/** An `alert_rules` row. */
export type AlertRuleRow = typeof alertRules.$inferSelect;
