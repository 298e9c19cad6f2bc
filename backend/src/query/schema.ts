/**
 * @module
 * The Snuba legacy JSON query (DESIGN 3.3) as it arrives on the wire. Only the shape is checked
 * here; names are resolved against the allow-lists when the query is compiled (`./compile.ts`), so
 * an unknown column is reported by name rather than as a schema mismatch.
 * @see https://getsentry.github.io/snuba/query/overview.html
 */
import { z } from "zod";

/** Largest `limit`; the default is `DEFAULT_LIMIT`. */
export const MAX_LIMIT = 10_000;
/** `limit` when the query gives none. */
export const DEFAULT_LIMIT = 1000;
/** Largest IN list one condition may carry (keeps the SQL under `max_query_size` with room to spare). */
export const MAX_IN_LIST = 10_000;

const Scalar = z.union([z.string().max(10_000), z.number().finite(), z.boolean(), z.null()]);
/** A literal on the right of a condition: a scalar, or a list for IN / NOT IN. */
export const ConditionValueSchema = z.union([Scalar, z.array(Scalar).max(MAX_IN_LIST)]);

/** The operators of Snuba's legacy conditions. */
export const OPERATORS = [
  "=",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "IN",
  "NOT IN",
  "LIKE",
  "NOT LIKE",
  "IS NULL",
  "IS NOT NULL",
] as const;
/** A condition operator. */
export type Operator = (typeof OPERATORS)[number];

/** `[lhs, op, rhs]`: a column (or aggregate alias, in `having`), an operator, a literal. */
export const ConditionSchema = z.tuple([
  z.string().min(1).max(200),
  z.enum(OPERATORS),
  ConditionValueSchema.optional(),
]);
/** One condition. */
export type Condition = z.infer<typeof ConditionSchema>;

/** Top level: AND of entries; an entry that is a list of conditions is their OR (Snuba's rule). */
export const ConditionsSchema = z.array(z.union([ConditionSchema, z.array(ConditionSchema).min(1).max(100)])).max(200);
/** A conditions list. */
export type Conditions = z.infer<typeof ConditionsSchema>;

/**
 * `[function, column(s), alias]`, e.g. `["count()", "", "count"]`, `["uniq", "user", "users"]`,
 * `["quantile(0.95)", "timestamp", "p95"]`, `["argMax", ["release", "timestamp"], "last_release"]`,
 * `["countIf", ["level", "=", "error"], "errors"]` (the column of `*If` functions is a condition).
 */
export const AggregationSchema = z.tuple([
  z.string().min(1).max(100),
  z.union([z.string().max(200), z.array(z.union([z.string().max(200), ConditionValueSchema])).max(3), z.null()]),
  z.string().min(1).max(100),
]);
/** One aggregation. */
export type Aggregation = z.infer<typeof AggregationSchema>;

const DateString = z
  .string()
  .max(40)
  .refine((s) => parseDate(s) !== null, "must be an ISO 8601 date-time");

/** The request body of `POST /api/0/organizations/{org}/query/`. */
export const SnubaQuerySchema = z.strictObject({
  /** Project ids; every one must belong to the caller's organization. Default: all of them. */
  project: z.union([z.number().int().positive(), z.array(z.number().int().positive()).min(1).max(1000)]).optional(),
  dataset: z.literal("events").optional(),
  selected_columns: z.array(z.string().min(1).max(200)).max(100).default([]),
  aggregations: z.array(AggregationSchema).max(50).default([]),
  conditions: ConditionsSchema.default([]),
  having: ConditionsSchema.default([]),
  groupby: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(20)]).default([]),
  /** Column or alias; `-name` = descending. */
  orderby: z.union([z.string().min(1).max(201), z.array(z.string().min(1).max(201)).max(10)]).optional(),
  limit: z.number().int().min(0).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  /** Seconds per `time` bucket. */
  granularity: z
    .number()
    .int()
    .min(1)
    .max(31 * 86_400)
    .default(3600),
  from_date: DateString.optional(),
  to_date: DateString.optional(),
  /** Accepted for compatibility; totals are not computed. */
  totals: z.boolean().optional(),
  consistent: z.boolean().optional(),
  debug: z.boolean().optional(),
  turbo: z.boolean().optional(),
});
/** A validated query. */
export type SnubaQuery = z.output<typeof SnubaQuerySchema>;
/** A query as callers write it (defaults optional). */
export type SnubaQueryInput = z.input<typeof SnubaQuerySchema>;

/**
 * Parses an ISO 8601 date-time; one without a zone is UTC, as in Snuba.
 * @returns epoch milliseconds, or null
 */
export function parseDate(s: string): number | null {
  if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d{1,6})?)?)?(Z|[+-]\d\d:?\d\d)?$/.test(s)) return null;
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(s) && /[T ]/.test(s);
  const withT = s.replace(" ", "T");
  const ms = Date.parse(hasZone ? withT : `${withT.includes("T") ? withT : `${withT}T00:00:00`}Z`);
  return Number.isFinite(ms) ? ms : null;
}
