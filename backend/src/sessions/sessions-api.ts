/**
 * @module
 * Sentry's release-health endpoint (`/organizations/{org}/sessions/`): parameter parsing and result
 * shaping, pure. The query is `sessionBuckets` in `src/clickhouse/sessions.ts`.
 *
 * Supported, as in Sentry's `sessions_v2`: `field` ∈ {`sum(session)`, `crash_free_rate(session)`}
 * (required, repeatable); `groupBy` ∈ {`project`, `release`, `environment`, `session.status`}
 * (repeatable); `statsPeriod` or `start`/`end`, `interval` (as `stats_v2`: a multiple of a minute
 * that divides a day, default `1h`); filters `project` (repeatable, `-1` = all), `environment`
 * (repeatable) and `query` with `release:<name>` terms. `session.status` splits sessions into
 * `healthy`, `errored`, `crashed` and `abnormal` (healthy = the rest; never below zero).
 * `count_unique(user)` and the other user fields are not supported: distinct users are not kept.
 * @see https://develop.sentry.dev/application-architecture/sessions/ (sessions_v2 API)
 */
import { err, ok, type Result } from "@breakwater/core/result";
import type { SessionBucketRow } from "../clickhouse/sessions.ts";
import { isoSeconds, list, parseStatsRange, type RawParams } from "../stats/stats-v2.ts";

export const SESSION_FIELDS = ["sum(session)", "crash_free_rate(session)"] as const;
export type SessionField = (typeof SESSION_FIELDS)[number];
export const SESSION_GROUP_BY = ["project", "release", "environment", "session.status"] as const;
export type SessionGroupBy = (typeof SESSION_GROUP_BY)[number];
export const SESSION_STATUSES = ["healthy", "errored", "crashed", "abnormal"] as const;

/** A parsed sessions request. */
export interface SessionsQuery {
  fields: SessionField[];
  groupBy: SessionGroupBy[];
  /** Unix seconds, aligned to `interval`. */
  start: number;
  end: number;
  interval: number;
  /** `null` = every project of the organization. */
  projectIds: number[] | null;
  environments: string[];
  releases: string[];
  query: string;
}

/** Release names from `query` (`release:1.0 release:"2.0 beta"`); anything else is refused. */
function parseQuery(query: string): Result<string[], string> {
  const releases: string[] = [];
  const term = /\s*release:(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*/y;
  let at = 0;
  while (at < query.length) {
    term.lastIndex = at;
    const m = term.exec(query);
    if (!m) return err(`Invalid query: only release:<name> terms are supported, got "${query}"`);
    releases.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? ""));
    at = term.lastIndex;
  }
  return ok(releases);
}

/**
 * Parses and checks the request; the error is the 400 `detail`.
 * @param now unix seconds
 */
export function parseSessionsQuery(params: RawParams, now: number): Result<SessionsQuery, string> {
  const fields = [...new Set(list(params.field))];
  if (fields.length === 0) return err('Request is missing a "field"');
  for (const f of fields) if (!(SESSION_FIELDS as readonly string[]).includes(f)) return err(`Invalid field: "${f}"`);
  const groupBy = [...new Set(list(params.groupBy))];
  for (const g of groupBy) {
    if (!(SESSION_GROUP_BY as readonly string[]).includes(g)) return err(`Invalid groupBy: "${g}"`);
  }
  if (groupBy.includes("session.status") && fields.includes("crash_free_rate(session)")) {
    return err("Cannot group field crash_free_rate(session) by session.status");
  }
  const projects: number[] = [];
  for (const p of list(params.project)) {
    if (!/^-?\d{1,15}$/.test(p)) return err(`Invalid project: "${p}"`);
    projects.push(Number(p));
  }
  const query = params.query?.[0]?.trim() ?? "";
  const releases = parseQuery(query);
  if (!releases.ok) return releases;
  const range = parseStatsRange(params, now);
  if (!range.ok) return range;
  return ok({
    fields: fields as SessionField[],
    groupBy: groupBy as SessionGroupBy[],
    ...range.value,
    projectIds: projects.length === 0 || projects.includes(-1) ? null : [...new Set(projects)],
    environments: [...new Set(params.environment ?? [])],
    releases: releases.value,
    query,
  });
}

/** One group of the response. */
export interface SessionsGroup {
  by: Record<string, string | number>;
  totals: Record<string, number | null>;
  series: Record<string, (number | null)[]>;
}

/** The response body, as Sentry's. */
export interface SessionsResponse {
  start: string;
  end: string;
  intervals: string[];
  groups: SessionsGroup[];
  query: string;
}

interface Counts {
  sessions: number;
  errored: number;
  crashed: number;
  abnormal: number;
}

const zero = (): Counts => ({ sessions: 0, errored: 0, crashed: 0, abnormal: 0 });

/** Sessions of one `session.status`. */
function statusCount(c: Counts, status: (typeof SESSION_STATUSES)[number]): number {
  switch (status) {
    case "errored":
      return c.errored;
    case "crashed":
      return c.crashed;
    case "abnormal":
      return c.abnormal;
    case "healthy":
      return Math.max(0, c.sessions - c.errored - c.crashed - c.abnormal);
  }
}

function fieldValue(field: SessionField, c: Counts, status?: (typeof SESSION_STATUSES)[number]): number | null {
  if (field === "sum(session)") return status === undefined ? c.sessions : statusCount(c, status);
  // Sentry's crash-free rate: the share of sessions that did not crash; null without sessions.
  return c.sessions === 0 ? null : Math.max(0, 1 - c.crashed / c.sessions);
}

/**
 * Groups rows into Sentry's shape: one group per distinct `by` (per status too when grouped by
 * `session.status`, all four always present), every interval in `series`, totals over the range.
 * Groups are sorted by their `by` values so responses are stable.
 */
export function buildSessionsResponse(q: SessionsQuery, rows: readonly SessionBucketRow[]): SessionsResponse {
  const buckets = (q.end - q.start) / q.interval;
  const dims = q.groupBy.filter((g): g is Exclude<SessionGroupBy, "session.status"> => g !== "session.status");
  const groups = new Map<string, { by: Record<string, string | number>; series: Counts[] }>();
  const groupOf = (by: Record<string, string | number>) => {
    const key = JSON.stringify(dims.map((d) => by[d]));
    let g = groups.get(key);
    if (!g) {
      g = { by, series: Array.from({ length: buckets }, zero) };
      groups.set(key, g);
    }
    return g;
  };
  // With no rows and no dimensions Sentry still answers one group of zeros.
  if (dims.length === 0) groupOf({});
  for (const row of rows) {
    const index = (row.bucket - q.start) / q.interval;
    if (!Number.isInteger(index) || index < 0 || index >= buckets) continue;
    const by = Object.fromEntries(dims.map((d) => [d, d === "project" ? row.project_id : row[d]]));
    const slot = groupOf(by).series[index] as Counts;
    slot.sessions += row.sessions;
    slot.errored += row.errored;
    slot.crashed += row.crashed;
    slot.abnormal += row.abnormal;
  }
  const out: SessionsGroup[] = [];
  const statuses = q.groupBy.includes("session.status") ? SESSION_STATUSES : [undefined];
  for (const { by, series } of groups.values()) {
    const total = series.reduce((t, c) => {
      t.sessions += c.sessions;
      t.errored += c.errored;
      t.crashed += c.crashed;
      t.abnormal += c.abnormal;
      return t;
    }, zero());
    for (const status of statuses) {
      out.push({
        by: status === undefined ? by : { ...by, "session.status": status },
        totals: Object.fromEntries(q.fields.map((f) => [f, fieldValue(f, total, status)])),
        series: Object.fromEntries(q.fields.map((f) => [f, series.map((c) => fieldValue(f, c, status))])),
      });
    }
  }
  const key = (g: SessionsGroup) => JSON.stringify(q.groupBy.map((d) => g.by[d]));
  out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    start: isoSeconds(q.start),
    end: isoSeconds(q.end),
    intervals: Array.from({ length: buckets }, (_, i) => isoSeconds(q.start + i * q.interval)),
    groups: out,
    query: q.query,
  };
}
