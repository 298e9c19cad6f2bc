/**
 * @module
 * An outbox notification with its delivery attempts, for the rule history endpoints (actions and
 * targets redacted).
 */
import { redactAction } from "../alerts/redact.ts";
import type { AlertDeliveryRow, AlertOutboxRow } from "../db/schema/index.ts";

/** Serializes a notification and its attempts. */
export function serializeNotification(row: AlertOutboxRow, deliveries: readonly AlertDeliveryRow[]) {
  return {
    id: String(row.id),
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    dateCreated: row.createdAt.toISOString(),
    dateDelivered: row.deliveredAt?.toISOString() ?? null,
    action: redactAction(row.action),
    title: row.notification.title,
    reason: row.notification.reason,
    url: row.notification.url,
    deliveries: deliveries.map((d) => ({
      attempt: d.attempt,
      result: d.ok,
      target: d.target,
      httpStatus: d.httpStatus,
      error: d.error,
      durationMs: d.durationMs,
      dateAttempted: d.attemptedAt.toISOString(),
    })),
  };
}
