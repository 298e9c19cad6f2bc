/**
 * @module
 * One transaction payload's way to an ingest record: JSON, then core's `normalizeTransaction`. A
 * payload that is not a JSON object refuses the envelope (400, as for events); a transaction that
 * is JSON but not a valid transaction (no trace context, end before start...) is dropped alone with
 * an `invalid` outcome, reason `invalid_transaction`, as Relay does.
 */
import { normalizeTransaction, type TransactionError } from "@breakwater/core/normalize";
import { ok, type Result } from "@breakwater/core/protocol";
import type { TransactionRecord } from "@breakwater/core/schema";
import type { Rejection } from "./discard.ts";
import { type EventScope, parseJsonObject } from "./event.ts";

/** Parses and normalizes a transaction item. */
export function prepareTransaction(
  payload: Uint8Array,
  scope: EventScope,
): Result<Result<TransactionRecord, TransactionError>, Rejection> {
  const parsed = parseJsonObject(payload, "transaction");
  if (!parsed.ok) return parsed;
  const { received, eventId, clientIp, sentAt } = scope;
  const normalized = normalizeTransaction(parsed.value, { received, eventId, clientIp, sentAt });
  if (!normalized.ok) return ok(normalized);
  const { projectId, keyId } = scope.config;
  return ok(ok({ kind: "transaction", project_id: projectId, key_id: keyId, received, event: normalized.value }));
}
