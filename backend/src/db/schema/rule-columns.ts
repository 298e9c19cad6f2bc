/**
 * @module
 * The columns both kinds of alert rule share (`alert_rules`, `metric_alert_rules`): identity, owner
 * project and on/off status. A function, not a constant: drizzle binds a column builder to the one
 * table it is spread into, so each table needs its own builders.
 */
import { integer, serial, text } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";
import { projects } from "./projects.ts";

/** Alert rule status: a disabled rule is kept but never evaluated. */
export const RULE_STATUSES = ["active", "disabled"] as const;

/**
 * Fresh builders for the columns every alert rule table starts with.
 *
 * @example
 * pgTable("alert_rules", { ...ruleColumns(), environment: text("environment") });
 */
export const ruleColumns = () => ({
  id: serial("id").primaryKey(),
  organizationId: integer("organization_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" }),
  projectId: integer("project_id")
    .notNull()
    .references(() => projects.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  status: text("status", { enum: RULE_STATUSES }).notNull().default("active"),
});
