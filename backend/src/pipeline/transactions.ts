/**
 * @module
 * The pipeline for transactions: no grouping and no issues, one `transactions` row each, with the
 * promoted columns Snuba's transactions table has and the whole normalized transaction in `data`.
 */
import type { TransactionRecord } from "@breakwater/core/schema";
import type { TransactionRow } from "../clickhouse/transactions.ts";
import { eventTags, userKey } from "../events/derived.ts";
import { DEFAULT_RETENTION_DAYS } from "./event-row.ts";

/** Unix seconds (fractional) as DateTime seconds plus milliseconds. */
function split(t: number): { s: number; ms: number } {
  const s = Math.floor(t);
  return { s, ms: Math.min(999, Math.max(0, Math.round((t - s) * 1000))) };
}

/** Builds the `transactions` row of one record. */
export function toTransactionRow(record: TransactionRecord): TransactionRow {
  const e = record.event;
  const start = split(e.start_timestamp);
  const finish = split(e.timestamp);
  const tags = eventTags(e);
  const measurements = Object.entries(e.measurements ?? {});
  const { trace } = e.contexts;
  return {
    project_id: record.project_id,
    event_id: e.event_id,
    trace_id: trace.trace_id,
    span_id: trace.span_id,
    transaction_name: e.transaction,
    transaction_op: trace.op ?? "",
    transaction_status: trace.status ?? "",
    start_ts: start.s,
    start_ms: start.ms,
    finish_ts: finish.s,
    finish_ms: finish.ms,
    duration_ms: Math.max(0, Math.min(0xffff_ffff, Math.round((e.timestamp - e.start_timestamp) * 1000))),
    received: Math.floor(record.received),
    retention_days: DEFAULT_RETENTION_DAYS,
    deleted: 0,
    platform: e.platform,
    environment: e.environment ?? "",
    release: e.release ?? "",
    dist: e.dist ?? "",
    user: userKey(e),
    user_id: e.user?.id ?? "",
    user_email: e.user?.email ?? "",
    user_username: e.user?.username ?? "",
    user_ip: e.user?.ip_address ?? "",
    sdk_name: e.sdk?.name ?? "",
    sdk_version: e.sdk?.version ?? "",
    "tags.key": tags.map(([k]) => k),
    "tags.value": tags.map(([, v]) => v),
    "measurements.key": measurements.map(([k]) => k),
    "measurements.value": measurements.map(([, m]) => m.value),
    span_count: e.spans.length,
    data: JSON.stringify(e),
  };
}
