/**
 * @module
 * Per (rule, issue) cool-down: when a rule last fired for an issue and until when it stays quiet.
 * The pipeline claims a firing with one conditional upsert, so concurrent batches cannot both fire.
 */
import { bigint, integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";
import { alertRules } from "./alert-rules.ts";
import { issues } from "./issues.ts";

/** Cool-down state of issue alert rules, one row per (rule, issue) that ever fired. */
export const alertRuleIssueStates = pgTable(
  "alert_rule_issue_states",
  {
    ruleId: integer("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    issueId: bigint("issue_id", { mode: "number" })
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    lastFiredAt: timestamp("last_fired_at", { withTimezone: true, precision: 3 }).notNull(),
    /** The rule may fire again for the issue from this time on. */
    cooldownUntil: timestamp("cooldown_until", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.issueId] })],
);
