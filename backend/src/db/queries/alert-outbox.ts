/**
 * @module
 * The notification outbox and its delivery log. Rows are enqueued inside the transaction that
 * decided them; workers claim due rows with `FOR UPDATE SKIP LOCKED` and a lease (the claim pushes
 * `next_attempt_at` forward), so several workers (backend processes) never send one row twice at
 * once, and a worker that died mid-send leaves the row to be retried when its lease ends.
 */
import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import type { AlertNotification } from "../../alerts/notification.ts";
import type { Action } from "../../alerts/rule-config.ts";
import type { Db } from "../client.ts";
import { type AlertDeliveryRow, type AlertOutboxRow, alertDeliveries, alertOutbox } from "../schema/index.ts";

/** One notification to enqueue. */
export interface OutboxEntry {
  organizationId: number;
  kind: AlertOutboxRow["kind"];
  ruleId: number | null;
  action: Action;
  notification: AlertNotification;
}

/** Enqueues notifications; returns the rows. */
export async function enqueueNotifications(db: Db, entries: readonly OutboxEntry[]): Promise<AlertOutboxRow[]> {
  if (entries.length === 0) return [];
  return db
    .insert(alertOutbox)
    .values([...entries])
    .returning();
}

/**
 * Claims up to `limit` due rows for `leaseMs`: their attempt counter goes up and they are not due
 * again before the lease ends.
 */
export async function claimDue(db: Db, now: Date, limit: number, leaseMs: number): Promise<AlertOutboxRow[]> {
  const due = db
    .select({ id: alertOutbox.id })
    .from(alertOutbox)
    .where(and(eq(alertOutbox.status, "pending"), lte(alertOutbox.nextAttemptAt, now)))
    .orderBy(asc(alertOutbox.nextAttemptAt), asc(alertOutbox.id))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(alertOutbox)
    .set({ attempts: sql`${alertOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(inArray(alertOutbox.id, due))
    .returning();
}

/** Claims specific pending rows now (test notifications are sent in the request). */
export async function claimRows(db: Db, ids: readonly number[], now: Date, leaseMs: number) {
  if (ids.length === 0) return [];
  return db
    .update(alertOutbox)
    .set({ attempts: sql`${alertOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(and(inArray(alertOutbox.id, [...ids]), eq(alertOutbox.status, "pending")))
    .returning();
}

/** Marks a row delivered. */
export async function markDelivered(db: Db, id: number, at: Date): Promise<void> {
  await db
    .update(alertOutbox)
    .set({ status: "delivered", deliveredAt: at, lastError: null })
    .where(eq(alertOutbox.id, id));
}

/** Schedules the next attempt, or gives up (`retryAt` null). */
export async function markAttemptFailed(db: Db, id: number, error: string, retryAt: Date | null): Promise<void> {
  await db
    .update(alertOutbox)
    .set(retryAt ? { lastError: error, nextAttemptAt: retryAt } : { lastError: error, status: "failed" })
    .where(eq(alertOutbox.id, id));
}

/** Logs one delivery attempt. */
export async function recordDelivery(db: Db, row: typeof alertDeliveries.$inferInsert): Promise<void> {
  await db.insert(alertDeliveries).values(row);
}

/** Outbox rows of a rule with their attempts, newest first (rule history pages). */
export async function listRuleNotifications(
  db: Db,
  kinds: readonly AlertOutboxRow["kind"][],
  ruleId: number,
  limit: number,
): Promise<{ row: AlertOutboxRow; deliveries: AlertDeliveryRow[] }[]> {
  const rows = await db
    .select()
    .from(alertOutbox)
    .where(and(inArray(alertOutbox.kind, [...kinds]), eq(alertOutbox.ruleId, ruleId)))
    .orderBy(desc(alertOutbox.id))
    .limit(limit);
  const deliveries =
    rows.length === 0
      ? []
      : await db
          .select()
          .from(alertDeliveries)
          .where(
            inArray(
              alertDeliveries.outboxId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(alertDeliveries.id));
  return rows.map((row) => ({ row, deliveries: deliveries.filter((d) => d.outboxId === row.id) }));
}
