/**
 * @module
 * PII scrubbing at the edge, the last step before an event or transaction is queued: nothing
 * unscrubbed ever leaves the isolate. The project's config is compiled once per config object (core
 * caches it), and config objects live in the isolate's config cache, so a request pays only for the
 * walk. Transactions are events to the scrubber (same fields, plus spans walked as free-form data).
 */
import { compilePiiConfig, scrubEvent } from "@breakwater/core/pii";
import type { ProjectConfig } from "@breakwater/core/schema";
import type { EventLikeRecord } from "./items.ts";

/** The records with their events scrubbed by the project's data scrubbing settings. */
export function scrubRecords<R extends EventLikeRecord>(config: ProjectConfig, records: readonly R[]): R[] {
  const compiled = compilePiiConfig(config.pii);
  // The scrubber rewrites string values only: a transaction stays a transaction.
  return records.map((record) => ({ ...record, event: scrubEvent(record.event, compiled).event }) as R);
}
