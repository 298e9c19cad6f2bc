/**
 * @module
 * PII scrubbing at the edge, the last step before an event is queued: nothing unscrubbed ever leaves
 * the isolate. The project's config is compiled once per config object (core caches it), and config
 * objects live in the isolate's config cache, so a request pays only for the walk.
 */
import { compilePiiConfig, scrubEvent } from "@breakwater/core/pii";
import type { IngestRecord, ProjectConfig } from "@breakwater/core/schema";

/** The records with their events scrubbed by the project's data scrubbing settings. */
export function scrubRecords(config: ProjectConfig, records: readonly IngestRecord[]): IngestRecord[] {
  const compiled = compilePiiConfig(config.pii);
  return records.map((record) => ({ ...record, event: scrubEvent(record.event, compiled).event }));
}
