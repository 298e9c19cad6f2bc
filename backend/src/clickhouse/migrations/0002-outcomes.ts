/**
 * @module
 * Migration 2: the `outcomes` table (DESIGN 1, 4): what happened to every item the edge saw, as
 * counts per (organization, project, key, outcome, reason, category, minute).
 *
 * - `SummingMergeTree(quantity)`: rows with the same ORDER BY key are added up when parts merge, so
 *   the edge's per-minute batches collapse into one row per key and minute. Merges are lazy: every
 *   reader must `sum(quantity)` and GROUP BY, never read `quantity` of a single row.
 * - Minute resolution (`timestamp` = start of the minute, as the edge sends it) rather than
 *   DESIGN's hour: `stats_v2` serves 5-minute intervals, and a minute row per active key is cheap.
 * - `reason` is `''` for none (no Nullable in the sorting key: old servers cannot, new ones need a
 *   setting); the API shows it as Sentry's `"none"`.
 * - PARTITION BY week: retention drops whole partitions (no TTL on 18.16).
 */
import type { ServerFeatures } from "../features.ts";
import type { ChMigration } from "./types.ts";

/** Creates `outcomes`. Idempotent (`IF NOT EXISTS`). */
export const outcomesMigration: ChMigration = {
  version: 2,
  name: "outcomes",
  statements: (f: ServerFeatures) => {
    const lc = (t: string) => (f.lowCardinality ? `LowCardinality(${t})` : t);
    return [
      `CREATE TABLE IF NOT EXISTS outcomes (
  org_id UInt64,
  project_id UInt64,
  key_id UInt64,
  timestamp DateTime,
  outcome ${lc("String")},
  reason ${lc("String")},
  category ${lc("String")},
  quantity UInt64
)
ENGINE = SummingMergeTree(quantity)
PARTITION BY toMonday(timestamp)
ORDER BY (org_id, project_id, key_id, outcome, reason, category, timestamp)
SETTINGS index_granularity = 8192`,
    ];
  },
};
