/**
 * @module
 * Migration 8: per-issue distinct users move from `issue_users` (migration 6, `uniqIf` states) to
 * `issue_user_counts` (`uniqCombinedIf(14)` states, index granularity 256).
 *
 * Why (measured at 10 M events, `bench/query-latency.ts`): a `uniq` state of a big issue holds up to
 * 65,536 hashes (~256 KiB), and with the default granularity of 8,192 rows a lookup of the 25 issues
 * of a list page deserialized every state of the table: ~130–290 ms per page, most of the issue
 * list's time. `uniqCombined(14)` is exact while an issue has a few hundred users (a hash set: ~500 in
 * ClickHouse 26, ~1,200 in 18.16), then an HLL of 2^14 cells (~12 KiB, error ~1–2%; ClickHouse's
 * own `uniq`, which Sentry uses, is approximate beyond 65,536 too), and a granule of 256 rows lets a
 * page read only the states it asks for: ~30–50 ms for a page of big issues on a loaded 2-core box. The default precision (17, ~96 KiB states) measured 70–210 ms,
 * `uniqHLL12` 11–40 ms but 2.5% off already at 2,800 users. All exist in ClickHouse 18.16.
 *
 * Order: the view first, then the backfill. A distinct count is a set union, so an event counted
 * by both the view and the backfill is still counted once, and a rerun after a crash adds nothing:
 * no "only while empty" guard is needed (unlike migration 6's counts), and no event inserted
 * during the migration is missed.
 */
import type { ChMigration } from "./types.ts";

const SELECT = `SELECT project_id, group_id, uniqCombinedIfState(14)(user, user != '') AS users
  FROM events WHERE deleted = 0 GROUP BY project_id, group_id`;

/** Replaces `issue_users` with `issue_user_counts`. */
export const issueUserCountsMigration: ChMigration = {
  version: 8,
  name: "issue-user-counts",
  statements: () => [
    `CREATE TABLE IF NOT EXISTS issue_user_counts (
  project_id UInt64,
  group_id UInt64,
  users AggregateFunction(uniqCombinedIf(14), String, UInt8)
)
ENGINE = AggregatingMergeTree()
ORDER BY (project_id, group_id)
SETTINGS index_granularity = 256`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS issue_user_counts_mv TO issue_user_counts AS ${SELECT}`,
    `INSERT INTO issue_user_counts ${SELECT}`,
    "DROP TABLE IF EXISTS issue_users_mv",
    "DROP TABLE IF EXISTS issue_users",
  ],
};
