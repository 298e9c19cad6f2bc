/**
 * @module
 * Delivery log: one row per attempt to send an outbox notification. `target` is the redacted form of
 * where it went (no URL query, no Slack path, which are secrets).
 */
import { bigint, bigserial, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { alertOutbox } from "./alert-outbox.ts";

/** Delivery attempts. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    outboxId: bigint("outbox_id", { mode: "number" })
      .notNull()
      .references(() => alertOutbox.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    actionId: text("action_id").notNull(),
    target: text("target").notNull(),
    ok: text("result", { enum: ["success", "error"] }).notNull(),
    /** HTTP status of webhook and Slack attempts; null for email or when no response came. */
    httpStatus: integer("http_status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("alert_deliveries_outbox_idx").on(t.outboxId)],
);

/** An `alert_deliveries` row. */
export type AlertDeliveryRow = typeof alertDeliveries.$inferSelect;
