/**
 * @module
 * Step 1 of the pipeline: ingest is idempotent by event id (DESIGN 3.2). The edge retries batches it
 * could not confirm and SDKs resend, so an event id seen twice, in the batch or in storage, counts
 * as a duplicate and is dropped before anything is written.
 */
import type { IngestRecord } from "@breakwater/core/schema";
import { type EventKey, eventKey } from "../clickhouse/events.ts";

const keyOf = (r: IngestRecord): EventKey => ({ projectId: r.project_id, eventId: r.event.event_id });

/** Keeps the first record of each (project, event id) in the batch. */
export function dedupeWithinBatch(records: readonly IngestRecord[]): { unique: IngestRecord[]; duplicates: number } {
  const seen = new Set<string>();
  const unique: IngestRecord[] = [];
  for (const record of records) {
    const key = eventKey(keyOf(record));
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(record);
  }
  return { unique, duplicates: records.length - unique.length };
}

/**
 * Drops records already in storage.
 * @param findStored one EventStore query for the whole batch (`findStoredEvents`)
 */
export async function dropStored(
  records: readonly IngestRecord[],
  findStored: (keys: readonly EventKey[]) => Promise<Set<string>>,
): Promise<{ fresh: IngestRecord[]; duplicates: number }> {
  const stored = await findStored(records.map(keyOf));
  const fresh = records.filter((r) => !stored.has(eventKey(keyOf(r))));
  return { fresh, duplicates: records.length - fresh.length };
}
