/**
 * @module
 * A metric alert rule's measurement as a Snuba legacy query, compiled by the query service's
 * compiler (`src/query/compile.ts`: allow-listed columns, escaping, the project and time-range
 * confinement, `max_execution_time`): `count()` or `uniq(user)` over the project's events in the
 * window, with conditions from a Sentry search string (`level:error environment:production
 * !release:1.0 browser:"Mobile Safari"`). Promoted fields compare their column; any other key is a
 * tag (`tags[key]`). It runs on the EventStore directly, not through the executor's per-organization
 * limiter and result cache: an alert must measure now, and must not wait behind dashboard queries.
 */
import { err, ok, type Result } from "@breakwater/core/result";
import { type CompiledQuery, compileQuery } from "../../query/compile.ts";
import { type SnubaQueryInput, SnubaQuerySchema } from "../../query/schema.ts";
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
  const re = /\s*(!?)([A-Za-z_][A-Za-z0-9_.:-]*):(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*/y;
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

/** The measurement as a Snuba legacy query (one row, column `value`). */
export function metricSnubaQuery(q: MetricQuery): SnubaQueryInput {
  const conditions: [string, "=" | "!=", string][] = q.terms
    .filter((t) => !IGNORED_KEYS.has(t.key))
    .map((t): [string, "=" | "!=", string] => [
      COLUMNS.has(t.key) ? t.key : `tags[${t.key}]`,
      t.negated ? "!=" : "=",
      t.value,
    ]);
  if (q.environment !== null) conditions.push(["environment", "=", q.environment]);
  // Sentry counts users by its `user` tag; events without a user are not a user.
  if (q.aggregate === "count_unique(user)") conditions.push(["user", "!=", ""]);
  return {
    project: [q.projectId],
    aggregations: [q.aggregate === "count()" ? ["count()", "", "value"] : ["uniq", "user", "value"]],
    conditions,
    from_date: new Date(q.from).toISOString(),
    to_date: new Date(q.to).toISOString(),
    limit: 1,
  };
}

/** The compiled SQL of the measurement (its one output column is `meta[0]`). */
export function metricSql(q: MetricQuery): Result<CompiledQuery, string> {
  const parsed = SnubaQuerySchema.safeParse(metricSnubaQuery(q));
  if (!parsed.success) return err(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return compileQuery(parsed.data, { projectIds: [q.projectId], nowMs: q.to });
}
