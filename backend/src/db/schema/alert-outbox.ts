/**
 * @module
 * The notification outbox: one row per (firing, action), written in the same transaction as what
 * caused it (the pipeline's batch, a metric state change), drained by the notification worker with
 * retries and backoff. The action is a snapshot, so editing or deleting a rule does not change a
 * notification already decided.
 */
import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { AlertNotification } from "../../alerts/notification.ts";
import type { Action } from "../../alerts/rule-config.ts";
import { organizations } from "./organizations.ts";

/** Outbox row states. */
export const OUTBOX_STATUSES = ["pending", "delivered", "failed"] as const;

/** Notifications to send. */
export const alertOutbox = pgTable(
  "alert_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** `issue` rule, `metric` rule or `test` notification. */
    kind: text("kind", { enum: ["issue", "metric", "test"] }).notNull(),
    /** The rule's id (`alert_rules` or `metric_alert_rules`, by kind); null for tests without a rule. */
    ruleId: integer("rule_id"),
    action: jsonb("action").$type<Action>().notNull(),
    notification: jsonb("notification").$type<AlertNotification>().notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Not before: the backoff of the next attempt, and the lease of a worker that claimed the row. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("alert_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("alert_outbox_rule_idx").on(t.kind, t.ruleId),
    check("alert_outbox_status_check", sql`${t.status} in ('pending', 'delivered', 'failed')`),
  ],
);

/** An `alert_outbox` row. */
export type AlertOutboxRow = typeof alertOutbox.$inferSelect;
