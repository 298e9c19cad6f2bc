/**
 * @module
 * Migration 9: `issue_tag_values_all`, migration 6's per-issue tag values without the environment
 * dimension (as Sentry's tagstore kept an all-environments row beside the per-environment ones).
 *
 * Why (measured at 10 M events, `bench/query-latency.ts`, 2 cores at rest): a tag breakdown with no
 * environment filter — the issue page's default — grouped every (key, value, environment) row of
 * the issue; the biggest issue had ~150,000 of them (its `user` tag: 50,000 values × 3
 * environments) and the breakdown took ~115 ms (p50; two queries). Here the same issue has a third
 * of the rows: ~30 ms. Filters by environment still read `issue_tag_values`.
 *
 * Order as in migration 6: the backfill only while the table is empty (a rerun after a crash adds
 * nothing), then the view. An event stored between the two statements is not counted here (it is
 * in `issue_tag_values`); migrations run at start-up, before the process ingests.
 */
import type { ChMigration } from "./types.ts";

const SELECT = `SELECT project_id, group_id, tags_pair[1] AS tag_key, tags_pair[2] AS tag_value,
    countState() AS times, minState(timestamp) AS first_seen, maxState(timestamp) AS last_seen
  FROM events ARRAY JOIN arrayMap((k, v) -> [k, v], \`tags.key\`, \`tags.value\`) AS tags_pair
  WHERE deleted = 0 GROUP BY project_id, group_id, tag_key, tag_value`;

/** Per-issue tag values over all environments. */
export const issueTagValuesAllMigration: ChMigration = {
  version: 9,
  name: "issue-tag-values-all",
  statements: () => [
    `CREATE TABLE IF NOT EXISTS issue_tag_values_all (
  project_id UInt64,
  group_id UInt64,
  tag_key String,
  tag_value String,
  times AggregateFunction(count),
  first_seen AggregateFunction(min, DateTime),
  last_seen AggregateFunction(max, DateTime)
)
ENGINE = AggregatingMergeTree()
ORDER BY (project_id, group_id, tag_key, tag_value)`,
    `INSERT INTO issue_tag_values_all SELECT * FROM (${SELECT}) WHERE (SELECT count() FROM issue_tag_values_all) = 0`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS issue_tag_values_all_mv TO issue_tag_values_all AS ${SELECT}`,
  ],
};
