/**
 * @module
 * Reads of `issue_hourly` (migration 6) and `issue_user_counts` (migration 8): per-issue event
 * counts per hour and lifetime distinct users, kept by materialized views over `events`. A series
 * merges at most 24 rows per day, a user count about one state per issue, whatever the issue's
 * event count. Rows are aggregate states: always `-Merge` + GROUP BY.
 */
import { z } from "zod";
import { sql } from "./escape.ts";
import type { Querier } from "./interface.ts";

const UserCountRowSchema = z.object({ group_id: z.coerce.number(), users: z.coerce.number() });

/** Distinct users (Sentry's `user` tag) per issue, all time. Issues without events are absent. */
export async function userCountsByGroup(
  querier: Querier,
  projectId: number,
  groupIds: readonly number[],
): Promise<Map<number, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await querier.query(
    sql`SELECT group_id, uniqCombinedIfMerge(14)(users) AS users FROM issue_user_counts
        WHERE project_id = ${projectId} AND group_id IN ${groupIds}
        GROUP BY group_id`,
    UserCountRowSchema,
  );
  return new Map(rows.map((r) => [r.group_id, r.users]));
}

/** Distinct users of every issue of a project that has events (for `sort=user`). */
export async function userCountsOfProject(querier: Querier, projectId: number): Promise<Map<number, number>> {
  const rows = await querier.query(
    sql`SELECT group_id, uniqCombinedIfMerge(14)(users) AS users FROM issue_user_counts
        WHERE project_id = ${projectId} GROUP BY group_id`,
    UserCountRowSchema,
  );
  return new Map(rows.map((r) => [r.group_id, r.users]));
}

const BucketRowSchema = z.object({
  group_id: z.coerce.number(),
  bucket: z.coerce.number(),
  count: z.coerce.number(),
});

/**
 * Event counts per issue in fixed buckets starting at `from` (unix seconds). Buckets are whole
 * hours or multiples (`from` and `bucketSeconds` hour-aligned), so hourly rows add up exactly.
 */
export async function countsByGroupBucket(
  querier: Querier,
  projectId: number,
  groupIds: readonly number[],
  range: { from: number; bucketSeconds: number },
): Promise<z.infer<typeof BucketRowSchema>[]> {
  if (groupIds.length === 0) return [];
  const { from, bucketSeconds } = range;
  return querier.query(
    sql`SELECT group_id,
          ${from} + intDiv(toUInt32(hour) - ${from}, ${bucketSeconds}) * ${bucketSeconds} AS bucket,
          countMerge(times) AS count
        FROM issue_hourly
        WHERE project_id = ${projectId} AND group_id IN ${groupIds} AND hour >= toDateTime(${from})
        GROUP BY group_id, bucket`,
    BucketRowSchema,
  );
}
