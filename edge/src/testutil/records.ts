/**
 * @module
 * Ingest records for tests, built the way the edge builds them (through normalizeEvent).
 */
import { normalizeEvent } from "@breakwater/core/normalize";
import type { EventRecord, IngestRecord } from "@breakwater/core/schema";

let counter = 0;

/** A fresh 32-hex event id. */
export function eventId(): string {
  counter += 1;
  return `${Date.now().toString(16)}${counter.toString(16)}`.padStart(32, "0").slice(-32);
}

/** A normalized record; `padding` bytes of extra data make it as large as a test needs. */
export function record(opts: { id?: string; padding?: number; projectId?: number } = {}): EventRecord {
  const received = 1_714_557_600;
  const event = normalizeEvent(
    { message: "hello", extra: opts.padding ? { blob: "x".repeat(opts.padding) } : undefined },
    { received, eventId: opts.id ?? eventId() },
  );
  return { kind: "event", project_id: opts.projectId ?? 1, key_id: 11, received, event };
}

/** The record as an event record; fails the test when it is another kind (or absent). */
export function asEvent(record: IngestRecord | undefined): EventRecord {
  if (record?.kind !== "event") throw new Error(`expected an event record, got ${record?.kind}`);
  return record;
}
