/**
 * @module
 * The (rule, issue) reference pair of the issue alert bookkeeping tables (`alert_rule_fires`,
 * `alert_rule_issue_states`). A function, not a constant: drizzle binds a column builder to the
 * one table it is spread into. Apart from rule-columns.ts, which alert-rules.ts itself imports.
 */
import { bigint, integer } from "drizzle-orm/pg-core";
import { alertRules } from "./alert-rules.ts";
import { issues } from "./issues.ts";

/** The issue alert rule and the issue a row is about; both cascade on delete. */
export const ruleIssueColumns = () => ({
  ruleId: integer("rule_id")
    .notNull()
    .references(() => alertRules.id, { onDelete: "cascade" }),
  issueId: bigint("issue_id", { mode: "number" })
    .notNull()
    .references(() => issues.id, { onDelete: "cascade" }),
});
