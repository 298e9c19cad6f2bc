/**
 * @module
 * Ingest records for tests, built the way the edge builds them (through normalizeEvent).
 */
import { normalizeEvent } from "@breakwater/core/normalize";
import type { IngestRecord } from "@breakwater/core/schema";

let counter = 0;

/** A fresh 32-hex event id. */
export function eventId(): string {
  counter += 1;
  return `${Date.now().toString(16)}${counter.toString(16)}`.padStart(32, "0").slice(-32);
}

/** A normalized record; `padding` bytes of extra data make it as large as a test needs. */
export function record(opts: { id?: string; padding?: number; projectId?: number } = {}): IngestRecord {
  const received = 1_714_557_600;
  const event = normalizeEvent(
    { message: "hello", extra: opts.padding ? { blob: "x".repeat(opts.padding) } : undefined },
    { received, eventId: opts.id ?? eventId() },
  );
  return { project_id: opts.projectId ?? 1, key_id: 11, received, event };
}
