/**
 * @module
 * Reads and writes of the `outcomes` table (one file per table, STYLE a). The table is a
 * SummingMergeTree that merges lazily: every read aggregates with `sum(quantity)` and GROUP BY.
 * Reads always filter `org_id` (the first sorting column) and `project_id`.
 */
import type { Outcome } from "@breakwater/core/schema";
import { z } from "zod";
import { identifier, sql } from "./escape.ts";
import type { Inserter, Querier } from "./interface.ts";

/** One `outcomes` row as inserted (JSONEachRow). */
export type OutcomeRow = {
  org_id: number;
  project_id: number;
  key_id: number;
  /** Unix seconds, start of the minute. */
  timestamp: number;
  outcome: string;
  /** `''` = no reason. */
  reason: string;
  category: string;
  quantity: number;
};

/** The row for one outcome from the edge: timestamp floored to its minute, null reason as `''`. */
export function outcomeRow(o: Outcome): OutcomeRow {
  return {
    org_id: o.org_id,
    project_id: o.project_id,
    key_id: o.key_id,
    timestamp: Math.floor(o.timestamp / 60) * 60,
    outcome: o.outcome,
    reason: o.reason ?? "",
    category: o.category,
    quantity: o.quantity,
  };
}

/** Inserts a batch in one JSONEachRow insert; an empty batch is a no-op. */
export async function insertOutcomes(inserter: Inserter, rows: readonly OutcomeRow[]): Promise<void> {
  await inserter.insertJsonEachRow("outcomes", rows);
}

const HourRowSchema = z.object({ hour: z.coerce.number(), total: z.coerce.number() });

/** Filters of `hourlyOutcomeCounts`. */
export interface HourlyCountsQuery {
  orgId: number;
  projectId: number;
  outcome: string;
  categories: readonly string[];
  /** Unix seconds, inclusive. */
  from: number;
  /** Unix seconds, exclusive. */
  to: number;
}

/**
 * `sum(quantity)` per hour number (`floor(unix / 3600)`, core's `hourOf`) for one project, outcome
 * and set of categories; hours without rows are absent.
 */
export async function hourlyOutcomeCounts(querier: Querier, q: HourlyCountsQuery): Promise<Map<number, number>> {
  if (q.categories.length === 0) return new Map();
  const rows = await querier.query(
    sql`SELECT intDiv(toUnixTimestamp(timestamp), 3600) AS hour, sum(quantity) AS total
        FROM outcomes
        WHERE org_id = ${q.orgId} AND project_id = ${q.projectId} AND outcome = ${q.outcome}
          AND category IN ${q.categories}
          AND timestamp >= toDateTime(${q.from}) AND timestamp < toDateTime(${q.to})
        GROUP BY hour`,
    HourRowSchema,
  );
  return new Map(rows.map((r) => [r.hour, r.total]));
}

/** Columns `stats_v2` may group and filter by. */
export const OUTCOME_DIMENSIONS = ["outcome", "reason", "category", "project_id", "key_id"] as const;
/** A groupable outcomes column. */
export type OutcomeDimension = (typeof OUTCOME_DIMENSIONS)[number];

/** One bucketed, grouped sum as read back; only the grouped columns are present. */
export const OutcomeSeriesRowSchema = z.object({
  outcome: z.string().optional(),
  reason: z.string().optional(),
  category: z.string().optional(),
  project_id: z.coerce.number().optional(),
  key_id: z.coerce.number().optional(),
  /** Bucket start, unix seconds. */
  bucket: z.coerce.number(),
  total: z.coerce.number(),
});
/** A row of `outcomeSeries`. */
export type OutcomeSeriesRow = z.infer<typeof OutcomeSeriesRowSchema>;

/** What `outcomeSeries` reads. */
export interface OutcomeSeriesQuery {
  orgId: number;
  /** Must not be empty: the caller short-circuits an organization without projects. */
  projectIds: readonly number[];
  /** Unix seconds, inclusive; buckets are `start + k × interval`. */
  start: number;
  /** Unix seconds, exclusive. */
  end: number;
  /** Bucket length, seconds. */
  interval: number;
  groupBy: readonly OutcomeDimension[];
  /** Values each column must take (IN); absent or empty = any. */
  filters: {
    outcome?: readonly string[];
    reason?: readonly string[];
    category?: readonly string[];
    key_id?: readonly number[];
  };
}

/** `sum(quantity)` per group and bucket, in one query. */
export async function outcomeSeries(querier: Querier, q: OutcomeSeriesQuery): Promise<OutcomeSeriesRow[]> {
  if (q.projectIds.length === 0) return [];
  const where = [
    sql`org_id = ${q.orgId} AND project_id IN ${q.projectIds}`,
    sql`timestamp >= toDateTime(${q.start}) AND timestamp < toDateTime(${q.end})`,
  ];
  for (const [column, values] of Object.entries(q.filters)) {
    if (values && values.length > 0) where.push(sql`${identifier(column)} IN ${values}`);
  }
  const groups = [...new Set(q.groupBy)].map((column) => sql`${identifier(column)}`);
  const bucket = sql`${q.start} + intDiv(toUnixTimestamp(timestamp) - ${q.start}, ${q.interval}) * ${q.interval}`;
  return querier.query(
    `SELECT ${[...groups, `${bucket} AS bucket`, "sum(quantity) AS total"].join(", ")}
     FROM outcomes
     WHERE ${where.join(" AND ")}
     GROUP BY ${[...groups, "bucket"].join(", ")}`,
    OutcomeSeriesRowSchema,
  );
}
