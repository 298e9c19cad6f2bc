/**
 * @module
 * Sentry's `stats_v2` (organization usage stats over outcomes): parameter parsing and result
 * shaping, pure. The query itself is `outcomeSeries` in `src/clickhouse/outcomes.ts`.
 *
 * As in Sentry (`sentry/snuba/outcomes.py`, `sessions_v2.get_constrained_date_range`):
 * `field` ∈ {`sum(quantity)`, `sum(times_seen)`} (required; both read `sum(quantity)` here, since the
 * edge sends one outcome row per item and attachments count bytes either way); `groupBy` ∈
 * {`outcome`, `reason`, `category`, `project`, `key_id`}; filters `category`, `outcome`, `reason`,
 * `key_id`, `project`; `category` must be filtered or grouped; `error` means error + default +
 * security; an attachment filter allows no other category; `interval` (default `1h`) is a multiple
 * of one minute that divides a day; at most 1,000 intervals. Unlike Sentry (minimum `1h` outside its
 * own UI) minute intervals are fine: outcomes are stored per minute.
 * @see https://docs.sentry.io/api/organizations/retrieve-event-counts-for-an-organization-v2/
 */
import { DATA_CATEGORIES } from "@breakwater/core/quotas";
import { err, ok, type Result } from "@breakwater/core/result";
import { OUTCOMES } from "@breakwater/core/schema";
import type { OutcomeDimension, OutcomeSeriesQuery, OutcomeSeriesRow } from "../clickhouse/outcomes.ts";
import { apiCategory, ERROR_CATEGORIES } from "./categories.ts";

/** Fields a request may ask for. */
export const STATS_FIELDS = ["sum(quantity)", "sum(times_seen)"] as const;
/** A stats field. */
export type StatsField = (typeof STATS_FIELDS)[number];

/** `groupBy` names and the column each reads. */
export const STATS_GROUP_BY: Readonly<Record<string, OutcomeDimension>> = {
  outcome: "outcome",
  reason: "reason",
  category: "category",
  project: "project_id",
  key_id: "key_id",
};

/** Most intervals one response may have (Sentry's `MAX_POINTS`). */
export const MAX_STATS_POINTS = 1000;
/** Period when neither `statsPeriod` nor `start`/`end` is given. */
export const DEFAULT_STATS_PERIOD = "24h";
/** How an empty reason is shown (Sentry stores and shows accepted outcomes' reason as "none"). */
export const NO_REASON = "none";

const DAY = 86_400;

/** A parsed `stats_v2` request. */
export interface StatsV2Query {
  fields: StatsField[];
  /** API names (`project`, not `project_id`), in request order, deduplicated. */
  groupBy: string[];
  /** Unix seconds; `start` aligned down and `end` up to `interval`. */
  start: number;
  end: number;
  interval: number;
  /** `null` = every project of the organization (no `project`, or `project=-1`). */
  projectIds: number[] | null;
  filters: OutcomeSeriesQuery["filters"];
}

/** The raw query string: every parameter as its list of values (Hono's `c.req.queries()`). */
export type RawParams = Record<string, string[] | undefined>;

/**
 * Sentry's `statsPeriod` / `interval` syntax: `<n>` seconds or `<n>s|m|h|d|w`.
 * @returns seconds, or null when malformed
 */
export function parseStatsPeriod(raw: string): number | null {
  const m = /^(\d{1,9})([smhdw]?)$/.exec(raw.trim());
  if (!m) return null;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: DAY, w: 7 * DAY }[m[2] ?? ""] ?? 1;
  return Number(m[1]) * unit;
}

/** Unix seconds, ISO 8601 with or without an offset (none = UTC, as Sentry), or a date. */
function parseTime(raw: string): number | null {
  let ms: number;
  if (/^\d{9,11}(\.\d+)?$/.test(raw)) ms = Number(raw) * 1000;
  else if (/T/.test(raw) && !/([zZ]|[+-]\d\d:?\d\d)$/.test(raw)) ms = Date.parse(`${raw}Z`);
  else ms = Date.parse(raw); // with an offset, or a date alone (parsed as UTC)
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** Splits `a,b` values too, since some clients send lists comma-joined. */
export const list = (values: string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");

/**
 * Parses and checks the request; the error is the 400 `detail`.
 * @param now unix seconds
 */
export function parseStatsV2Query(params: RawParams, now: number): Result<StatsV2Query, string> {
  const fields = list(params.field);
  if (fields.length === 0) return err('At least one "field" is required.');
  for (const f of fields) if (!(STATS_FIELDS as readonly string[]).includes(f)) return err(`Invalid field: "${f}"`);

  const groupBy = [...new Set(list(params.groupBy))];
  for (const g of groupBy) if (!(g in STATS_GROUP_BY)) return err(`Invalid groupBy: "${g}"`);

  const rawCategories = list(params.category);
  if (rawCategories.length === 0 && !groupBy.includes("category")) {
    return err("Query must have category as groupby or filter");
  }
  const categories = new Set<string>();
  for (const c of rawCategories) {
    if (!(DATA_CATEGORIES as readonly string[]).includes(c) || c === "unknown") return err(`Invalid category: "${c}"`);
    for (const stored of c === "error" ? ERROR_CATEGORIES : [c]) categories.add(stored);
  }
  if (categories.has("attachment") && categories.size > 1) {
    return err("if filtering by attachment no other category may be present");
  }

  const outcomes = list(params.outcome);
  for (const o of outcomes) if (!(OUTCOMES as readonly string[]).includes(o)) return err(`Invalid outcome: "${o}"`);
  const reasons = list(params.reason).map((r) => (r === NO_REASON ? "" : r));
  const keyIds: number[] = [];
  for (const k of list(params.key_id)) {
    if (!/^\d{1,15}$/.test(k)) return err(`Invalid key: "${k}"`);
    keyIds.push(Number(k));
  }
  const projects: number[] = [];
  for (const p of list(params.project)) {
    if (!/^-?\d{1,15}$/.test(p)) return err(`Invalid project: "${p}"`);
    projects.push(Number(p));
  }
  const projectIds = projects.length === 0 || projects.includes(-1) ? null : [...new Set(projects)];

  const range = parseStatsRange(params, now);
  if (!range.ok) return range;
  const { start, end, interval } = range.value;
  return ok({
    fields: [...new Set(fields)] as StatsField[],
    groupBy,
    start,
    end,
    interval,
    projectIds,
    filters: {
      ...(categories.size > 0 ? { category: [...categories] } : {}),
      ...(outcomes.length > 0 ? { outcome: outcomes } : {}),
      ...(reasons.length > 0 ? { reason: reasons } : {}),
      ...(keyIds.length > 0 ? { key_id: keyIds } : {}),
    },
  });
}

/**
 * The time range of a stats request (`statsPeriod` or `start` + `end`, and `interval`), aligned to
 * the interval; shared with the sessions endpoint, which takes the same parameters in Sentry.
 * @param now unix seconds
 */
export function parseStatsRange(
  params: RawParams,
  now: number,
): Result<{ start: number; end: number; interval: number }, string> {
  const intervalRaw = params.interval?.[0] ?? "1h";
  const interval = parseStatsPeriod(intervalRaw);
  if (interval === null || interval <= 0) return err(`Invalid interval: "${intervalRaw}"`);
  if (interval % 60 !== 0) return err("The interval has to be a multiple of the minimum interval of one minute.");
  if (interval > DAY) return err("The interval has to be less than one day.");
  if (DAY % interval !== 0) return err("The interval should divide one day without a remainder.");

  let start: number;
  let end: number;
  const rawStart = params.start?.[0];
  const rawEnd = params.end?.[0];
  if (rawStart !== undefined || rawEnd !== undefined) {
    if (rawStart === undefined || rawEnd === undefined) return err("start and end are both required");
    const s = parseTime(rawStart);
    const e = parseTime(rawEnd);
    if (s === null || e === null) return err("start and end must be ISO 8601 dates or unix timestamps");
    if (s >= e) return err("start must be before end");
    [start, end] = [s, e];
  } else {
    const periodRaw = params.statsPeriod?.[0] ?? DEFAULT_STATS_PERIOD;
    const period = parseStatsPeriod(periodRaw);
    if (period === null || period <= 0) return err(`Invalid statsPeriod: "${periodRaw}"`);
    [start, end] = [now - period, now];
  }
  start = Math.min(start, now);
  const alignedStart = Math.floor(start / interval) * interval;
  const alignedEnd = Math.max(Math.ceil(end / interval) * interval, alignedStart + interval);
  if ((alignedEnd - alignedStart) / interval > MAX_STATS_POINTS) {
    return err(
      "Your interval and date range would create too many results. Use a larger interval, or a smaller date range.",
    );
  }
  return ok({ start: alignedStart, end: alignedEnd, interval });
}

/** One group of the response. */
export interface StatsV2Group {
  by: Record<string, string | number>;
  totals: Record<string, number>;
  series: Record<string, number[]>;
}

/** The response body, as Sentry's. */
export interface StatsV2Response {
  start: string;
  end: string;
  intervals: string[];
  groups: StatsV2Group[];
}

/** `2024-05-01T10:00:00Z` (Sentry's `isoformat_z`: seconds, no fraction). */
export const isoSeconds = (unix: number): string => `${new Date(unix * 1000).toISOString().slice(0, 19)}Z`;

/** The `by` value of a row for one groupBy name, in Sentry's presentation. */
function byValue(row: OutcomeSeriesRow, name: string): string | number {
  switch (name) {
    case "outcome":
      return row.outcome ?? "";
    case "reason":
      return row.reason ? row.reason : NO_REASON;
    case "category":
      return apiCategory(row.category ?? "");
    case "project":
      return row.project_id ?? 0;
    default:
      return row.key_id ?? 0;
  }
}

/**
 * Groups rows into Sentry's shape: one group per distinct `by` (rows of `default` / `security` fold
 * into `error`), every interval present in `series`, `totals` the sum of the series. Groups are
 * sorted by their `by` values so responses are stable.
 */
export function buildStatsV2Response(q: StatsV2Query, rows: readonly OutcomeSeriesRow[]): StatsV2Response {
  const buckets = (q.end - q.start) / q.interval;
  const groups = new Map<string, { by: Record<string, string | number>; series: number[] }>();
  for (const row of rows) {
    const index = (row.bucket - q.start) / q.interval;
    if (!Number.isInteger(index) || index < 0 || index >= buckets) continue;
    const by = Object.fromEntries(q.groupBy.map((name) => [name, byValue(row, name)]));
    const key = JSON.stringify(q.groupBy.map((name) => by[name]));
    let group = groups.get(key);
    if (!group) {
      group = { by, series: new Array<number>(buckets).fill(0) };
      groups.set(key, group);
    }
    group.series[index] = (group.series[index] ?? 0) + row.total;
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  return {
    start: isoSeconds(q.start),
    end: isoSeconds(q.end),
    intervals: Array.from({ length: buckets }, (_, i) => isoSeconds(q.start + i * q.interval)),
    groups: sorted.map(({ by, series }) => {
      const total = series.reduce((a, b) => a + b, 0);
      return {
        by,
        totals: Object.fromEntries(q.fields.map((f) => [f, total])),
        series: Object.fromEntries(q.fields.map((f) => [f, [...series]])),
      };
    }),
  };
}

/** The columns to group the ClickHouse query by. */
export function groupColumns(q: StatsV2Query): OutcomeDimension[] {
  return q.groupBy.map((name) => STATS_GROUP_BY[name]).filter((c): c is OutcomeDimension => c !== undefined);
}
