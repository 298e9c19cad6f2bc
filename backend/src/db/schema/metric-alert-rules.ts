/**
 * @module
 * Metric alert rules (Sentry's organization alert rules): an aggregate over the project's events in
 * a time window, evaluated on a schedule against ClickHouse, with warning / critical thresholds, a
 * resolve threshold and its current state.
 */
import { sql } from "drizzle-orm";
import { check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { MetricAggregate, MetricState, Trigger } from "../../alerts/rule-config.ts";
import { ruleColumns } from "./rule-columns.ts";

/** Metric alert rules. */
export const metricAlertRules = pgTable(
  "metric_alert_rules",
  {
    ...ruleColumns(),
    aggregate: text("aggregate").$type<MetricAggregate>().notNull(),
    /** Sentry search: `level:error environment:prod browser:Firefox` (tags by key). */
    query: text("query").notNull().default(""),
    environment: text("environment"),
    timeWindowMinutes: integer("time_window_minutes").notNull(),
    /** 0 = alert above the thresholds, 1 = below (Sentry's `thresholdType`). */
    thresholdType: integer("threshold_type").notNull().default(0),
    resolveThreshold: doublePrecision("resolve_threshold"),
    triggers: jsonb("triggers").$type<Trigger[]>().notNull(),
    state: text("state").$type<MetricState>().notNull().default("ok"),
    stateChangedAt: timestamp("state_changed_at", { withTimezone: true, precision: 3 }),
    lastEvaluatedAt: timestamp("last_evaluated_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("metric_alert_rules_org_idx").on(t.organizationId),
    check("metric_alert_rules_window_check", sql`${t.timeWindowMinutes} > 0`),
    check("metric_alert_rules_state_check", sql`${t.state} in ('ok', 'warning', 'critical')`),
  ],
);

/** A `metric_alert_rules` row. */
export type MetricAlertRuleRow = typeof metricAlertRules.$inferSelect;
