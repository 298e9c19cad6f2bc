/**
 * @module
 * Migration 3: the `transactions` table, after Snuba's transactions table.
 *
 * - `ReplacingMergeTree(deleted)` and an ORDER BY that ends in the event id: a transaction stored
 *   twice (an edge or SDK retry) collapses into one row when parts merge; readers take one row per
 *   event id (`LIMIT 1 BY`), so a not-yet-merged duplicate never shows twice.
 * - ORDER BY (project, day, transaction name): transaction summaries are per project, per time range
 *   and usually per name.
 * - Start and finish as DateTime plus milliseconds (Snuba's `start_ts`/`start_ms`): DateTime64 is
 *   not on 18.16. `duration_ms` is precomputed for percentiles.
 * - `measurements` as a Nested of (key, value) (web vitals); `span_count` only, the spans stay in `data`.
 */
import type { ServerFeatures } from "../features.ts";
import type { ChMigration } from "./types.ts";

/** Creates `transactions`. Idempotent (`IF NOT EXISTS`). */
export const transactionsMigration: ChMigration = {
  version: 3,
  name: "transactions",
  statements: (f: ServerFeatures) => {
    const lc = (t: string) => (f.lowCardinality ? `LowCardinality(${t})` : t);
    const zstd = f.codecs ? " CODEC(ZSTD(1))" : "";
    return [
      `CREATE TABLE IF NOT EXISTS transactions (
  project_id UInt64,
  event_id String,
  trace_id String,
  span_id String,
  transaction_name String,
  transaction_op ${lc("String")},
  transaction_status ${lc("String")},
  start_ts DateTime,
  start_ms UInt16,
  finish_ts DateTime,
  finish_ms UInt16,
  duration_ms UInt32,
  received DateTime,
  retention_days UInt16,
  deleted UInt8,
  platform ${lc("String")},
  environment ${lc("String")},
  release ${lc("String")},
  dist String,
  user String,
  user_id String,
  user_email String,
  user_username String,
  user_ip String,
  sdk_name ${lc("String")},
  sdk_version ${lc("String")},
  tags Nested(key String, value String),
  measurements Nested(key String, value Float64),
  span_count UInt32,
  data String${zstd}
)
ENGINE = ReplacingMergeTree(deleted)
PARTITION BY (retention_days, toMonday(finish_ts))
ORDER BY (project_id, toStartOfDay(finish_ts), transaction_name, cityHash64(event_id))
SETTINGS index_granularity = 8192`,
    ];
  },
};
