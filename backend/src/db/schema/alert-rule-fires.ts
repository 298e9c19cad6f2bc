/**
 * @module
 * History of issue alert rules: one row each time a rule fired for an issue (Sentry's
 * `RuleFireHistory`), with the event that triggered it and why.
 */
import { bigserial, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ruleIssueColumns } from "./rule-issue-columns.ts";

/** Issue alert firings. */
export const alertRuleFires = pgTable(
  "alert_rule_fires",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ...ruleIssueColumns(),
    eventId: text("event_id").notNull(),
    /** What made the conditions hold: `new`, `regression`, `frequency`. */
    reason: text("reason").notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("alert_rule_fires_rule_idx").on(t.ruleId, t.firedAt.desc())],
);

/** An `alert_rule_fires` row. */
export type AlertRuleFireRow = typeof alertRuleFires.$inferSelect;
