/**
 * @module
 * A transaction in the shape Sentry's event detail endpoint gives transactions: `type:
 * "transaction"`, start and end timestamps, the trace context, measurements, and the spans as a
 * `spans` entry.
 * @see https://docs.sentry.io/api/events/retrieve-an-event-for-a-project/
 */
import { TransactionSchema } from "@breakwater/core/schema";
import type { StoredTransaction } from "../clickhouse/transactions.ts";
import { eventTags } from "../events/derived.ts";

/** Sentry's transaction event JSON (the fields Breakwater has). */
export interface TransactionJson {
  id: string;
  eventID: string;
  projectID: string;
  type: "transaction";
  title: string;
  transaction: string;
  platform: string;
  dateCreated: string;
  dateReceived: string;
  startTimestamp: number;
  endTimestamp: number;
  duration: number;
  release: { version: string } | null;
  environment: string | null;
  user: Record<string, unknown> | null;
  sdk: { name: string; version: string } | null;
  contexts: Record<string, unknown>;
  measurements: Record<string, { value: number; unit?: string }>;
  tags: { key: string; value: string }[];
  entries: { type: "spans"; data: Record<string, unknown>[] }[];
}

const iso = (unixSeconds: number) => new Date(Math.round(unixSeconds * 1000)).toISOString();

/** Serializes a stored transaction; `data` was validated on the way in, so a mismatch is a bug. */
export function serializeTransaction(stored: StoredTransaction): TransactionJson {
  const t = TransactionSchema.parse(JSON.parse(stored.data));
  return {
    id: t.event_id,
    eventID: t.event_id,
    projectID: String(stored.project_id),
    type: "transaction",
    title: t.transaction,
    transaction: t.transaction,
    platform: t.platform,
    dateCreated: iso(t.timestamp),
    dateReceived: iso(t.received),
    startTimestamp: t.start_timestamp,
    endTimestamp: t.timestamp,
    duration: stored.duration_ms,
    release: t.release ? { version: t.release } : null,
    environment: t.environment ?? null,
    user: t.user ?? null,
    sdk: t.sdk ? { name: t.sdk.name, version: t.sdk.version } : null,
    contexts: t.contexts,
    measurements: t.measurements ?? {},
    tags: eventTags(t).map(([key, value]) => ({ key, value })),
    entries: [{ type: "spans", data: t.spans }],
  };
}
