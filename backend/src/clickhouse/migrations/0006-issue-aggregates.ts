/**
 * @module
 * Migration 6: per-issue aggregates kept up to date by materialized views over `events`, so the
 * issue list (user counts, sparklines) and the tag breakdowns read a few rows per issue instead of
 * every event (issue 6; DESIGN 6: p95 ≤ 100 ms over 10 M events). Sentry kept the same shapes in
 * its tagstore (group tag values with times seen, first and last seen).
 *
 * - `issue_hourly`: per (project, issue, hour) the event count; a series is a sum of these rows.
 * - `issue_users`: per (project, issue) a `uniqIf` state of the non-empty `user` column, lifetime:
 *   one state per issue once parts merge, so a page of user counts merges a few states (per-hour
 *   states would make it proportional to the issue's age and size).
 * - `issue_tag_values`: per (project, issue, tag key, tag value, environment) the count and first /
 *   last seen, lifetime (no time dimension, like Sentry's group tag values).
 * - Both `AggregatingMergeTree`: merges are lazy, so readers always `-Merge` with GROUP BY.
 * - The views skip `deleted = 1` rows. A row re-inserted as deleted does not subtract from the
 *   aggregates (no event deletion exists yet; when it does, it must rebuild the issue's rows).
 * - Version 6 leaves 3–5 to the transactions / sessions / attachments migrations of issue 4; the
 *   runner applies any missing version, in order.
 * - The backfill runs only while the target is empty, so a rerun after a crash cannot double it.
 */
import type { ChMigration } from "./types.ts";

const HOURLY_SELECT = `SELECT project_id, group_id, toStartOfHour(timestamp) AS hour, countState() AS times
  FROM events WHERE deleted = 0 GROUP BY project_id, group_id, hour`;

const USERS_SELECT = `SELECT project_id, group_id, uniqIfState(user, user != '') AS users
  FROM events WHERE deleted = 0 GROUP BY project_id, group_id`;

const TAGS_SELECT = `SELECT project_id, group_id, environment, tags_pair[1] AS tag_key, tags_pair[2] AS tag_value,
    countState() AS times, minState(timestamp) AS first_seen, maxState(timestamp) AS last_seen
  FROM events ARRAY JOIN arrayMap((k, v) -> [k, v], \`tags.key\`, \`tags.value\`) AS tags_pair
  WHERE deleted = 0 GROUP BY project_id, group_id, environment, tag_key, tag_value`;

/** Creates the aggregate tables, their views, and fills them from existing events. */
export const issueAggregatesMigration: ChMigration = {
  version: 6,
  name: "issue-aggregates",
  statements: () => [
    `CREATE TABLE IF NOT EXISTS issue_hourly (
  project_id UInt64,
  group_id UInt64,
  hour DateTime,
  times AggregateFunction(count)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toMonday(hour)
ORDER BY (project_id, group_id, hour)`,
    `CREATE TABLE IF NOT EXISTS issue_users (
  project_id UInt64,
  group_id UInt64,
  users AggregateFunction(uniqIf, String, UInt8)
)
ENGINE = AggregatingMergeTree()
ORDER BY (project_id, group_id)`,
    `CREATE TABLE IF NOT EXISTS issue_tag_values (
  project_id UInt64,
  group_id UInt64,
  environment String,
  tag_key String,
  tag_value String,
  times AggregateFunction(count),
  first_seen AggregateFunction(min, DateTime),
  last_seen AggregateFunction(max, DateTime)
)
ENGINE = AggregatingMergeTree()
ORDER BY (project_id, group_id, tag_key, tag_value, environment)`,
    `INSERT INTO issue_hourly SELECT * FROM (${HOURLY_SELECT}) WHERE (SELECT count() FROM issue_hourly) = 0`,
    `INSERT INTO issue_users SELECT * FROM (${USERS_SELECT}) WHERE (SELECT count() FROM issue_users) = 0`,
    `INSERT INTO issue_tag_values SELECT * FROM (${TAGS_SELECT}) WHERE (SELECT count() FROM issue_tag_values) = 0`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS issue_hourly_mv TO issue_hourly AS ${HOURLY_SELECT}`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS issue_users_mv TO issue_users AS ${USERS_SELECT}`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS issue_tag_values_mv TO issue_tag_values AS ${TAGS_SELECT}`,
  ],
};
