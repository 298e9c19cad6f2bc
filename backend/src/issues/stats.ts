/**
 * @module
 * Issue event-count series (Sentry's `stats: {"24h": [[unix, count], ...]}`), from ClickHouse in one
 * query for all issues of a page.
 */

import type { Querier } from "../clickhouse/interface.ts";
import { countsByGroupBucket } from "../clickhouse/issue-hourly.ts";

/** Supported series: 24 hourly buckets, or 14 / 30 daily ones. */
export const STATS_PERIODS = {
  "24h": { bucketSeconds: 3600, buckets: 24 },
  "14d": { bucketSeconds: 86_400, buckets: 14 },
  "30d": { bucketSeconds: 86_400, buckets: 30 },
} as const;
/** A supported stats series name. */
export type StatsPeriod = keyof typeof STATS_PERIODS;

/** `[bucket start (unix seconds), event count]`, oldest first, every bucket present. */
export type StatsSeries = [number, number][];

/**
 * Series for each of `groupIds`; buckets end with the current one (aligned to the bucket size, as
 * Sentry does) so consecutive calls line up.
 * @param nowMs clock, default `Date.now()`
 */
export async function issueStats(
  querier: Querier,
  projectId: number,
  groupIds: readonly number[],
  period: StatsPeriod,
  nowMs = Date.now(),
): Promise<Map<number, StatsSeries>> {
  const { bucketSeconds, buckets } = STATS_PERIODS[period];
  const current = Math.floor(nowMs / 1000 / bucketSeconds) * bucketSeconds;
  const from = current - (buckets - 1) * bucketSeconds;
  const rows = await countsByGroupBucket(querier, projectId, groupIds, { from, bucketSeconds });
  const counts = new Map(rows.map((r) => [`${r.group_id}:${r.bucket}`, r.count]));
  const result = new Map<number, StatsSeries>();
  for (const id of groupIds) {
    const series: StatsSeries = [];
    for (let i = 0; i < buckets; i++) {
      const start = from + i * bucketSeconds;
      series.push([start, counts.get(`${id}:${start}`) ?? 0]);
    }
    result.set(id, series);
  }
  return result;
}
