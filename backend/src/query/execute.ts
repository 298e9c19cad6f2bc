/**
 * @module
 * Runs ClickHouse reads for the query API, the issue search and the tag breakdowns with the
 * safety rules of issue 6: a per-organization concurrency limit (`./limiter.ts`), a time limit
 * (ClickHouse's `max_execution_time` in the SQL, plus a client-side timer because chDB runs in
 * our process and an HTTP request may hang), and the 1 s result cache (`./cache.ts`).
 *
 * One executor per EventStore client (a WeakMap, so no global wiring is needed and tests that
 * open their own stores get their own state). `runSnubaQuery` is the HTTP-independent entry that
 * metric alerts reuse: query object + project ids in, `{data, meta, timing}` out.
 */
import { err, ok, type Result } from "@breakwater/core/result";
import type { z } from "zod";
import { clickHouseErrorCode } from "../clickhouse/http.ts";
import type { Querier } from "../clickhouse/interface.ts";
import { ResultCache } from "./cache.ts";
import { type ColumnMeta, type CompileOptions, compileQuery, DEFAULT_MAX_EXECUTION_SECONDS } from "./compile.ts";
import { OrgLimiter, QueryLimitError } from "./limiter.ts";
import { type SnubaQueryInput, SnubaQuerySchema } from "./schema.ts";

/** Client-side limit, ms: a little above the server's `max_execution_time` default (10 s). */
export const QUERY_TIMEOUT_MS = 12_000;

/** ClickHouse's TIMEOUT_EXCEEDED (`max_execution_time`). */
const CH_TIMEOUT_EXCEEDED = 159;

/** The query took longer than allowed. */
export class QueryTimeoutError extends Error {
  override readonly name = "QueryTimeoutError";
}

export { QueryLimitError };

/** Per-store state: limiter + cache. */
export class QueryExecutor {
  /** Replaceable, so tests and operators can tune limits. */
  limiter: OrgLimiter;
  /** Replaceable (benchmarks turn caching off to measure the store). */
  cache = new ResultCache<unknown[]>();
  timeoutMs = QUERY_TIMEOUT_MS;

  constructor(
    private readonly querier: Querier,
    limiter = new OrgLimiter(),
  ) {
    this.limiter = limiter;
  }

  /**
   * Runs `sql` for `organizationId` (cached for 1 s by SQL hash; concurrent twins share a flight).
   * @throws QueryLimitError, QueryTimeoutError, or the store's error
   */
  async query<T>(organizationId: number, sql: string, schema: z.ZodType<T>): Promise<{ rows: T[]; hit: boolean }> {
    const text = withMaxExecutionTime(sql);
    const { value, hit } = await this.cache.get(text, () =>
      this.limiter.run(organizationId, () => this.withTimeout(this.querier.query(text))),
    );
    return { rows: value.map((row) => schema.parse(row)), hit };
  }

  private async withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QueryTimeoutError("Query timed out")), this.timeoutMs);
    });
    try {
      return await Promise.race([promise, expired]);
    } catch (e) {
      if (e instanceof Error && clickHouseErrorCode(e.message) === CH_TIMEOUT_EXCEEDED) {
        throw new QueryTimeoutError("Query timed out", { cause: e });
      }
      throw e;
    } finally {
      clearTimeout(timer);
      // A chDB query cannot be cancelled; its late rejection must not go unhandled.
      promise.catch(() => undefined);
    }
  }
}

/**
 * A `Querier` whose reads run through the executor for `organizationId` (limit, timeout, cache),
 * so existing table functions (`userCountsByGroup`, …) get the same protection.
 */
export function organizationQuerier(querier: Querier, organizationId: number): Querier {
  const executor = executorFor(querier);
  const AnyRow = { parse: (row: unknown) => row } as z.ZodType<unknown>;
  async function query<T>(sql: string, schema?: z.ZodType<T>): Promise<unknown[]> {
    const { rows } = await executor.query(organizationId, sql, schema ?? AnyRow);
    return rows;
  }
  return { query } as Querier;
}

/**
 * Adds `SETTINGS max_execution_time` (the server-side limit, known to 18.16 too) to a SELECT that
 * does not set it already; the compiler sets it itself.
 */
export function withMaxExecutionTime(sql: string, seconds = DEFAULT_MAX_EXECUTION_SECONDS): string {
  if (/\bSETTINGS\b[^']*\bmax_execution_time\b/.test(sql)) return sql;
  return `${sql.trimEnd()}\nSETTINGS max_execution_time = ${seconds}`;
}

const executors = new WeakMap<Querier, QueryExecutor>();

/** The executor of an EventStore client (created on first use). */
export function executorFor(querier: Querier): QueryExecutor {
  let executor = executors.get(querier);
  if (!executor) {
    executor = new QueryExecutor(querier);
    executors.set(querier, executor);
  }
  return executor;
}

/** Snuba's `timing`. */
export interface QueryTiming {
  /** Start, unix seconds. */
  timestamp: number;
  duration_ms: number;
  marks_ms: { compile: number; execute: number };
  /** Served from the 1 s cache or a concurrent twin's flight. */
  cache_hit: boolean;
}

/** The response body. */
export interface QueryResult {
  data: Record<string, unknown>[];
  meta: ColumnMeta[];
  timing: QueryTiming;
  /** The SQL, only with `debug: true` (Snuba's `sql`). */
  sql?: string;
}

/** Why a query was not answered. */
export type QueryFailure =
  | { kind: "invalid"; message: string }
  | { kind: "rate_limited"; retryAfter: number }
  | { kind: "timeout" };

const AnyRow = { parse: (row: unknown) => row as Record<string, unknown> } as z.ZodType<Record<string, unknown>>;

/**
 * Validates, compiles and runs a Snuba legacy query over `projectIds` (which the caller has
 * already confined to one organization).
 * @example
 * const r = await runSnubaQuery(events, { organizationId: 1, projectIds: [1] },
 *   { aggregations: [["count()", "", "count"]], groupby: ["tags_key"], orderby: "-count" });
 */
export async function runSnubaQuery(
  querier: Querier,
  scope: { organizationId: number } & CompileOptions,
  input: SnubaQueryInput | unknown,
): Promise<Result<QueryResult, QueryFailure>> {
  const started = performance.now();
  const parsed = SnubaQuerySchema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
    return err({ kind: "invalid", message });
  }
  const compiled = compileQuery(parsed.data, scope);
  if (!compiled.ok) return err({ kind: "invalid", message: compiled.error });
  const compiledAt = performance.now();
  let result: { rows: Record<string, unknown>[]; hit: boolean };
  try {
    result = await executorFor(querier).query(scope.organizationId, compiled.value.sql, AnyRow);
  } catch (e) {
    if (e instanceof QueryLimitError) return err({ kind: "rate_limited", retryAfter: e.retryAfter });
    if (e instanceof QueryTimeoutError) return err({ kind: "timeout" });
    throw e;
  }
  const { meta } = compiled.value;
  const data = result.rows.map((row) => Object.fromEntries(meta.map((m, i) => [m.name, row[`_c${i}`]])));
  const done = performance.now();
  return ok({
    data,
    meta,
    timing: {
      timestamp: Math.floor(Date.now() / 1000),
      duration_ms: Math.round(done - started),
      marks_ms: { compile: Math.round(compiledAt - started), execute: Math.round(done - compiledAt) },
      cache_hit: result.hit,
    },
    ...(parsed.data.debug ? { sql: compiled.value.sql } : {}),
  });
}
