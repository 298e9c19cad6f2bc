/**
 * @module
 * Migration 7: the `user_reports` table: user feedback about events (Sentry's `UserReport` model).
 * `ReplacingMergeTree(deleted)` keyed by (project, event, report id): a report stored twice collapses
 * on merge; readers take one row per report id.
 */
import type { ChMigration } from "./types.ts";

/** Creates `user_reports`. Idempotent (`IF NOT EXISTS`). */
export const userReportsMigration: ChMigration = {
  version: 7,
  name: "user_reports",
  statements: () => [
    `CREATE TABLE IF NOT EXISTS user_reports (
  project_id UInt64,
  event_id String,
  report_id String,
  name String,
  email String,
  comments String,
  timestamp DateTime,
  deleted UInt8
)
ENGINE = ReplacingMergeTree(deleted)
PARTITION BY toMonday(timestamp)
ORDER BY (project_id, event_id, report_id)
SETTINGS index_granularity = 8192`,
  ],
};
