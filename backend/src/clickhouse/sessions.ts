/**
 * @module
 * Reads and writes of the `sessions` table: release-health counts per (project, release,
 * environment, minute). The table is a SummingMergeTree, so reads always `sum()` and GROUP BY.
 */
import { z } from "zod";
import { sql } from "./escape.ts";
import type { Inserter, Querier } from "./interface.ts";

/** One `sessions` row as inserted. */
export type SessionRow = {
  project_id: number;
  release: string;
  environment: string;
  /** Unix seconds, start of a minute (DateTime). */
  started: number;
  sessions: number;
  errored: number;
  crashed: number;
  abnormal: number;
};

/** Inserts a batch of counts in one JSONEachRow insert. */
export async function insertSessions(inserter: Inserter, rows: readonly SessionRow[]): Promise<void> {
  await inserter.insertJsonEachRow("sessions", rows);
}

/** Counts summed per (project, release, environment, bucket). */
export const SessionBucketRowSchema = z.object({
  project_id: z.coerce.number(),
  release: z.string(),
  environment: z.string(),
  bucket: z.coerce.number(),
  sessions: z.coerce.number(),
  errored: z.coerce.number(),
  crashed: z.coerce.number(),
  abnormal: z.coerce.number(),
});
export type SessionBucketRow = z.infer<typeof SessionBucketRowSchema>;

/** What to read: projects, a time range (unix seconds, `to` exclusive) and the bucket width. */
export interface SessionQuery {
  projectIds: readonly number[];
  from: number;
  to: number;
  bucketSeconds: number;
  environments?: readonly string[];
  releases?: readonly string[];
}

/** Sums per (project, release, environment, bucket); buckets start at `from`. */
export async function sessionBuckets(querier: Querier, q: SessionQuery): Promise<SessionBucketRow[]> {
  if (q.projectIds.length === 0) return [];
  const { from, to, bucketSeconds } = q;
  const filters = [
    sql`project_id IN ${q.projectIds}`,
    sql`started >= toDateTime(${from}) AND started < toDateTime(${to})`,
    ...(q.environments?.length ? [sql`environment IN ${q.environments}`] : []),
    ...(q.releases?.length ? [sql`release IN ${q.releases}`] : []),
  ];
  // Aliases differ from the column names: old servers reject `sum(sessions) AS sessions` as cyclic.
  const rows = await querier.query(
    `SELECT project_id, release, environment,
       ${sql`${from} + intDiv(toUnixTimestamp(started) - ${from}, ${bucketSeconds}) * ${bucketSeconds}`} AS bucket,
       sum(sessions) AS s_sessions, sum(errored) AS s_errored, sum(crashed) AS s_crashed, sum(abnormal) AS s_abnormal
     FROM sessions WHERE ${filters.join(" AND ")}
     GROUP BY project_id, release, environment, bucket
     ORDER BY bucket`,
    z
      .object({
        project_id: z.coerce.number(),
        release: z.string(),
        environment: z.string(),
        bucket: z.coerce.number(),
        s_sessions: z.coerce.number(),
        s_errored: z.coerce.number(),
        s_crashed: z.coerce.number(),
        s_abnormal: z.coerce.number(),
      })
      .transform(
        (r): SessionBucketRow => ({
          project_id: r.project_id,
          release: r.release,
          environment: r.environment,
          bucket: r.bucket,
          sessions: r.s_sessions,
          errored: r.s_errored,
          crashed: r.s_crashed,
          abnormal: r.s_abnormal,
        }),
      ),
  );
  return rows;
}
