/**
 * @module
 * Per (rule, issue) cool-down: when a rule last fired for an issue and until when it stays quiet.
 * The pipeline claims a firing with one conditional upsert, so concurrent batches cannot both fire.
 */
import { pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";
import { ruleIssueColumns } from "./rule-issue-columns.ts";

/** Cool-down state of issue alert rules, one row per (rule, issue) that ever fired. */
export const alertRuleIssueStates = pgTable(
  "alert_rule_issue_states",
  {
    ...ruleIssueColumns(),
    lastFiredAt: timestamp("last_fired_at", { withTimezone: true, precision: 3 }).notNull(),
    /** The rule may fire again for the issue from this time on. */
    cooldownUntil: timestamp("cooldown_until", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.issueId] })],
);
