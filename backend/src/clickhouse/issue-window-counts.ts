/**
 * @module
 * Events and distinct users per issue over a recent window (issue alert frequency conditions).
 * One query per distinct window per batch, only for the issues whose rules need it.
 */
import { z } from "zod";
import { escapeDateTime, sql } from "./escape.ts";
import type { Querier } from "./interface.ts";

const RowSchema = z.object({ group_id: z.coerce.number(), events: z.coerce.number(), users: z.coerce.number() });

/**
 * Counts by issue id of the events whose timestamp is within the last `minutes` before `now`.
 * Users are Sentry's `user` tag values (the same as an issue's `userCount`).
 */
export async function issueWindowCounts(
  querier: Querier,
  o: { projectIds: readonly number[]; issueIds: readonly number[]; minutes: number; now: Date },
): Promise<Map<number, { events: number; users: number }>> {
  if (o.issueIds.length === 0) return new Map();
  const from = escapeDateTime(new Date(o.now.getTime() - o.minutes * 60_000));
  const rows = await querier.query(
    `SELECT group_id, count() AS events, uniqIf(user, user != '') AS users FROM events
     WHERE ${sql`deleted = 0 AND project_id IN ${[...o.projectIds]} AND group_id IN ${[...o.issueIds]}`}
       AND timestamp >= ${from}
     GROUP BY group_id`,
    RowSchema,
  );
  return new Map(rows.map((r) => [r.group_id, { events: r.events, users: r.users }]));
}
