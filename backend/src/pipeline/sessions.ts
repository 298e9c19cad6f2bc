/**
 * @module
 * The pipeline for release-health counts: the edge already counted (core's session rules), so a
 * record is one row to add up. Counts are at least once: a batch retried after a lost
 * acknowledgement counts twice, as in Snuba's sessions tables.
 */
import type { SessionRecord } from "@breakwater/core/schema";
import type { SessionRow } from "../clickhouse/sessions.ts";

/** Builds the `sessions` row of one record. */
export function toSessionRow(record: SessionRecord): SessionRow {
  const { release, environment, started, sessions, errored, crashed, abnormal } = record.session;
  return { project_id: record.project_id, release, environment, started, sessions, errored, crashed, abnormal };
}
