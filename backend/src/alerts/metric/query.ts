/**
 * @module
 * A metric alert rule's query as ClickHouse SQL: `count()` or `count_unique(user)` over the
 * project's events in the window, with conditions from a Sentry search string (`level:error
 * environment:production !release:1.0 browser:"Mobile Safari"`). Promoted fields compare their
 * column; any other key is a tag. Built through `escape.ts` only (no query parameters: ClickHouse
 * 18.16), and it runs unchanged on 18.16 and chDB.
 *
 * Small on purpose: the Snuba-style query compiler (issue 6) will serve general queries; alert
 * rules need only these equality terms.
 */
import { err, ok, type Result } from "@breakwater/core/result";
import { escapeDateTime, escapeString, sql } from "../../clickhouse/escape.ts";
import type { MetricAggregate } from "../rule-config.ts";

/** One `key:value` term. */
export interface SearchTerm {
  key: string;
  value: string;
  negated: boolean;
}

/** Keys that are `events` columns; the rest are tags. */
const COLUMNS: ReadonlySet<string> = new Set([
  "level",
  "environment",
  "release",
  "dist",
  "platform",
  "transaction",
  "server_name",
  "logger",
]);

/** Sentry's `event.type` is always an error-ish event here; its terms are accepted and ignored. */
const IGNORED_KEYS: ReadonlySet<string> = new Set(["event.type"]);

/**
 * Parses a Sentry search string of `key:value` terms (`!` negates; `"…"` quotes a value).
 * @returns the terms, or the first thing that is not a term
 */
export function parseSearch(query: string): Result<SearchTerm[], string> {
  const terms: SearchTerm[] = [];
  const re = /\s*(!?)([A-Za-z_][A-Za-z0-9_.-]*):(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*/y;
  let at = 0;
  const text = query.trim();
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return err(`expected key:value at "${text.slice(at, at + 30)}"`);
    const [, bang, key, quoted, bare] = m;
    terms.push({
      key: key as string,
      value: quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : (bare as string),
      negated: bang === "!",
    });
    at = re.lastIndex;
  }
  return ok(terms);
}

function termSql(t: SearchTerm): string | null {
  if (IGNORED_KEYS.has(t.key)) return null;
  const op = t.negated ? "!=" : "=";
  // Column names come from the allow-list above, never from the caller.
  if (COLUMNS.has(t.key)) return `\`${t.key}\` ${op} ${escapeString(t.value)}`;
  const has = `arrayExists((k, v) -> k = ${escapeString(t.key)} AND v = ${escapeString(t.value)}, tags.key, tags.value)`;
  return t.negated ? `NOT ${has}` : has;
}

/** What to measure. */
export interface MetricQuery {
  projectId: number;
  aggregate: MetricAggregate;
  terms: readonly SearchTerm[];
  environment: string | null;
  /** Window [from, to), unix ms. */
  from: number;
  to: number;
}

/** The SELECT, answering one row `{value}`. */
export function metricSql(q: MetricQuery): string {
  const agg = q.aggregate === "count()" ? "count()" : "uniqIf(user, user != '')";
  const where = [
    sql`deleted = 0 AND project_id = ${q.projectId}`,
    `timestamp >= ${escapeDateTime(new Date(q.from))} AND timestamp < ${escapeDateTime(new Date(q.to))}`,
    ...(q.environment !== null ? [sql`environment = ${q.environment}`] : []),
    ...q.terms.map(termSql).filter((s): s is string => s !== null),
  ];
  return `SELECT ${agg} AS value FROM events WHERE ${where.join(" AND ")}`;
}
