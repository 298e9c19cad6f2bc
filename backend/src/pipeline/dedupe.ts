/**
 * @module
 * Step 1 of the pipeline: ingest is idempotent (DESIGN 3.2). The edge retries batches it could not
 * confirm and SDKs resend, so a record seen twice in a batch (same `recordKey`: event or transaction
 * id, attachment chunk) is dropped, and an event already in storage too. Transactions and attachment
 * chunks already stored collapse in their ReplacingMergeTree; session counts have no identity.
 */
import { type EventRecord, type IngestRecord, recordKey } from "@breakwater/core/schema";
import { type EventKey, eventKey } from "../clickhouse/events.ts";

const keyOf = (r: EventRecord): EventKey => ({ projectId: r.project_id, eventId: r.event.event_id });

/** Keeps the first record of each key in the batch; records without a key are all kept. */
export function dedupeWithinBatch<R extends IngestRecord>(records: readonly R[]): { unique: R[]; duplicates: number } {
  const seen = new Set<string>();
  const unique: R[] = [];
  for (const record of records) {
    const key = recordKey(record);
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    unique.push(record);
  }
  return { unique, duplicates: records.length - unique.length };
}

/**
 * Drops event records already in storage.
 * @param findStored one EventStore query for the whole batch (`findStoredEvents`)
 */
export async function dropStored(
  records: readonly EventRecord[],
  findStored: (keys: readonly EventKey[]) => Promise<Set<string>>,
): Promise<{ fresh: EventRecord[]; duplicates: number }> {
  const stored = await findStored(records.map(keyOf));
  const fresh = records.filter((r) => !stored.has(eventKey(keyOf(r))));
  return { fresh, duplicates: records.length - fresh.length };
}
