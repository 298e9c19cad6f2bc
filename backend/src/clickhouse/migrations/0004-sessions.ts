/**
 * @module
 * Migration 4: the `sessions` table, release-health counts after Snuba's sessions tables: per
 * (project, release, environment, minute the sessions started), how many sessions started and how
 * many errored, crashed or ended abnormally (the edge computes the counts; see core's
 * `normalize/session.ts` for Sentry's rules).
 *
 * - `SummingMergeTree`: rows with the same ORDER BY key are added up when parts merge, so every
 *   reader must `sum()` and GROUP BY. No engine arguments: every numeric column outside the key is
 *   summed, which is what we want and what 18.16 understands.
 * - Minute resolution: the API's intervals go down to a minute, and SDKs aggregate per minute too.
 * - Distinct users are not kept: a sum cannot count them (Snuba uses `uniq` states for it).
 */
import type { ServerFeatures } from "../features.ts";
import type { ChMigration } from "./types.ts";

/** Creates `sessions`. Idempotent (`IF NOT EXISTS`). */
export const sessionsMigration: ChMigration = {
  version: 4,
  name: "sessions",
  statements: (f: ServerFeatures) => {
    const lc = (t: string) => (f.lowCardinality ? `LowCardinality(${t})` : t);
    return [
      `CREATE TABLE IF NOT EXISTS sessions (
  project_id UInt64,
  release ${lc("String")},
  environment ${lc("String")},
  started DateTime,
  sessions UInt64,
  errored UInt64,
  crashed UInt64,
  abnormal UInt64
)
ENGINE = SummingMergeTree()
PARTITION BY toMonday(started)
ORDER BY (project_id, release, environment, started)
SETTINGS index_granularity = 8192`,
    ];
  },
};
