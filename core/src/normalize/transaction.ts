/**
 * @module
 * `normalizeTransaction`: a transaction payload in, a {@link Transaction} or the reason it is invalid
 * out. Everything an event gets (ids, timestamps with clock-drift correction, tags, trimming, remarks)
 * comes from `normalizeEvent`; on top, Relay's transaction checks (`validate_transaction`): both
 * timestamps present and in order, a trace context with valid `trace_id` and `span_id`. Unlike events,
 * an invalid transaction is dropped: without its span tree and times it cannot be placed in a trace.
 * @see https://github.com/getsentry/relay/blob/master/relay-event-normalization/src/validation.rs
 */
import { err, ok, type Result } from "../result.ts";
import type { Transaction } from "../schema/index.ts";
import { type NormalizeContext, normalizeEvent } from "./normalize.ts";
import { parseTimestamp } from "./timestamp.ts";
import { isObject, type JsonObject } from "./values.ts";

/** Relay's name for a transaction that came without one. */
export const UNLABELED_TRANSACTION = "<unlabeled transaction>";

/** Why a transaction was dropped (the outcome's reason is `invalid_transaction`). */
export type TransactionError =
  | "missing_timestamp"
  | "missing_start_timestamp"
  | "end_before_start"
  | "missing_trace_context"
  | "invalid_trace_id"
  | "invalid_span_id";

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** Lowercases an id with the dashes of the UUID form removed; anything else is left for the check. */
function canonicalId(value: unknown): unknown {
  return typeof value === "string" ? value.replace(/-/g, "").toLowerCase() : value;
}

function measurements(value: unknown): Transaction["measurements"] {
  if (!isObject(value)) return undefined;
  const out: NonNullable<Transaction["measurements"]> = {};
  for (const [name, m] of Object.entries(value)) {
    if (!isObject(m) || typeof m.value !== "number" || !Number.isFinite(m.value)) continue;
    Object.defineProperty(out, name, {
      value: typeof m.unit === "string" ? { value: m.value, unit: m.unit } : { value: m.value },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Normalizes a transaction payload. Never throws.
 * @param input the parsed JSON payload of a `transaction` item
 * @param ctx what the edge knows, as for events
 * @example normalizeTransaction(payload, { received: Date.now() / 1000 })
 */
export function normalizeTransaction(input: unknown, ctx: NormalizeContext): Result<Transaction, TransactionError> {
  const raw: JsonObject = isObject(input) ? input : {};
  const end = parseTimestamp(raw.timestamp);
  if (end === undefined) return err("missing_timestamp");
  const start = parseTimestamp(raw.start_timestamp);
  if (start === undefined) return err("missing_start_timestamp");
  if (end < start) return err("end_before_start");
  const trace = isObject(raw.contexts) && isObject(raw.contexts.trace) ? raw.contexts.trace : undefined;
  if (trace === undefined) return err("missing_trace_context");
  const traceId = canonicalId(trace.trace_id);
  const spanId = canonicalId(trace.span_id);
  if (typeof traceId !== "string" || !TRACE_ID.test(traceId)) return err("invalid_trace_id");
  if (typeof spanId !== "string" || !SPAN_ID.test(spanId)) return err("invalid_span_id");

  // Transactions are informational: Relay defaults their level to `info`, not `error`.
  const event = normalizeEvent(raw.level === undefined ? { ...raw, level: "info" } : raw, ctx);
  // normalizeEvent shifted `timestamp` for clock drift or clamped it; move the start by as much,
  // so the duration is what the SDK measured.
  const startTimestamp = start + (event.timestamp - end);
  const contexts = isObject(event.contexts) ? event.contexts : {};
  const spans = Array.isArray(raw.spans) ? raw.spans.filter(isObject) : [];
  const transaction: Transaction = {
    ...event,
    type: "transaction",
    transaction:
      typeof event.transaction === "string" && event.transaction !== "" ? event.transaction : UNLABELED_TRANSACTION,
    start_timestamp: startTimestamp,
    contexts: {
      ...contexts,
      trace: { ...trace, trace_id: traceId, span_id: spanId, op: typeof trace.op === "string" ? trace.op : "default" },
    },
    spans,
    measurements: measurements(raw.measurements),
  };
  if (transaction.measurements === undefined) delete transaction.measurements;
  return ok(transaction);
}
