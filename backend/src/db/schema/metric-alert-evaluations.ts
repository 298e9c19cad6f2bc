/**
 * @module
 * Every evaluation of a metric alert rule: the value it measured and the state it left the rule in
 * (the rule page's small chart, and its history of state changes).
 */
import { bigserial, boolean, doublePrecision, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { MetricState } from "../../alerts/rule-config.ts";
import { metricAlertRules } from "./metric-alert-rules.ts";

/** Metric alert evaluations. */
export const metricAlertEvaluations = pgTable(
  "metric_alert_evaluations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ruleId: integer("rule_id")
      .notNull()
      .references(() => metricAlertRules.id, { onDelete: "cascade" }),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    value: doublePrecision("value").notNull(),
    state: text("state").$type<MetricState>().notNull(),
    /** The state differs from the one before: a notification was sent. */
    changed: boolean("changed").notNull(),
  },
  (t) => [index("metric_alert_evaluations_rule_idx").on(t.ruleId, t.evaluatedAt.desc())],
);

/** A `metric_alert_evaluations` row. */
export type MetricAlertEvaluationRow = typeof metricAlertEvaluations.$inferSelect;
