/**
 * @module
 * Migration 5: the `attachments` table: attachment bytes and metadata, one row per chunk (the edge
 * cuts attachments into 64 KiB chunks so they fit queue and Kafka messages; see core's
 * `schema/attachment.ts`). Storing the bytes in the EventStore keeps one store for everything an
 * event owns: it works the same embedded and in cluster mode with several backends, needs no shared
 * disk, and retention drops attachments with the same partitions as events.
 *
 * - `ReplacingMergeTree(deleted)` keyed by (project, event, attachment, chunk): a chunk stored twice
 *   collapses on merge; readers take one row per chunk.
 * - `data` is the chunk as base64 text: JSONEachRow (our insert format) carries only valid UTF-8.
 */
import type { ServerFeatures } from "../features.ts";
import type { ChMigration } from "./types.ts";

/** Creates `attachments`. Idempotent (`IF NOT EXISTS`). */
export const attachmentsMigration: ChMigration = {
  version: 5,
  name: "attachments",
  statements: (f: ServerFeatures) => {
    const lc = (t: string) => (f.lowCardinality ? `LowCardinality(${t})` : t);
    const zstd = f.codecs ? " CODEC(ZSTD(1))" : "";
    return [
      `CREATE TABLE IF NOT EXISTS attachments (
  project_id UInt64,
  event_id String,
  attachment_id String,
  chunk_index UInt32,
  chunk_count UInt32,
  name String,
  content_type ${lc("String")},
  attachment_type ${lc("String")},
  size UInt64,
  received DateTime,
  retention_days UInt16,
  deleted UInt8,
  data String${zstd}
)
ENGINE = ReplacingMergeTree(deleted)
PARTITION BY (retention_days, toMonday(received))
ORDER BY (project_id, event_id, attachment_id, chunk_index)
SETTINGS index_granularity = 8192`,
    ];
  },
};
