/**
 * @module
 * Migration 1: the `events` table, after Snuba's errors table (DESIGN 4).
 *
 * - `ReplacingMergeTree(deleted)`: deleting an event = inserting its row again with `deleted = 1`;
 *   merges keep the higher version. Readers always filter `deleted = 0`.
 * - ORDER BY starts with project and day, so every query (always by project, usually by time range)
 *   reads few granules; `group_id` next serves the per-issue queries.
 * - PARTITION BY (retention_days, week): retention drops whole partitions (no TTL on 18.16).
 */
import type { ServerFeatures } from "../features.ts";
import type { ChMigration } from "./types.ts";

function columns(f: ServerFeatures): string[] {
  const lc = (t: string) => (f.lowCardinality ? `LowCardinality(${t})` : t);
  const zstd = f.codecs ? " CODEC(ZSTD(1))" : "";
  return [
    "project_id UInt64",
    "timestamp DateTime",
    "event_id String",
    "group_id UInt64",
    "primary_hash String",
    "received DateTime",
    "retention_days UInt16",
    "deleted UInt8",
    `platform ${lc("String")}`,
    `level ${lc("String")}`,
    `environment ${lc("String")}`,
    `release ${lc("String")}`,
    "dist String",
    `logger ${lc("String")}`,
    "server_name String",
    "transaction String",
    "title String",
    "culprit String",
    "message String",
    "user_id String",
    "user_email String",
    "user_username String",
    "user_ip String",
    // Sentry's `user` tag: `id:…`, `email:…`, `username:…` or `ip:…`, first that is set; uniq() of
    // it is an issue's user count.
    "user String",
    `sdk_name ${lc("String")}`,
    `sdk_version ${lc("String")}`,
    "tags Nested(key String, value String)",
    "exception_stacks Nested(type String, value String, mechanism_type String, mechanism_handled UInt8)",
    "exception_frames Nested(abs_path String, filename String, function String, module String, " +
      "lineno UInt32, colno UInt32, in_app UInt8, stack_level UInt16)",
    `data String${zstd}`,
  ];
}

function indexes(f: ServerFeatures): string[] {
  // Ingest dedupe looks events up by id within a project: a bloom filter skips most granules.
  return f.skipIndexes ? ["INDEX event_id_bf event_id TYPE bloom_filter(0.01) GRANULARITY 4"] : [];
}

/** Creates `events`. Idempotent (`IF NOT EXISTS`): DDL is not transactional, a rerun must be safe. */
export const eventsMigration: ChMigration = {
  version: 1,
  name: "events",
  statements: (f) => [
    `CREATE TABLE IF NOT EXISTS events (\n  ${[...columns(f), ...indexes(f)].join(",\n  ")}\n)
ENGINE = ReplacingMergeTree(deleted)
PARTITION BY (retention_days, toMonday(timestamp))
ORDER BY (project_id, toStartOfDay(timestamp), group_id, cityHash64(event_id))
SAMPLE BY cityHash64(event_id)
SETTINGS index_granularity = 8192`,
  ],
};
