/**
 * @module
 * Snuba legacy JSON query → one ClickHouse SELECT that runs unchanged on chDB (ClickHouse 26) and
 * on ClickHouse 18.16. Always added, whatever the query says:
 *
 * - `PREWHERE project_id IN (<the caller's projects>)` — confinement (the caller checked the ids);
 * - `deleted = 0` and the time range `from_date <= timestamp < to_date` (default: the last 90 days);
 * - `SETTINGS max_execution_time`.
 *
 * Output columns get positional SQL aliases (`_c0`, `_c1`, …) and are renamed back to the names the
 * caller used: 18.16 rejects `f(timestamp) AS timestamp` as a cyclic alias, and names such as
 * `tags[browser]` never have to be quoted. Snuba includes the `groupby` columns in the result, and
 * so do we.
 */
import { err, ok, type Result } from "@breakwater/core/result";
import { escapeDateTime, escapeList, escapeNumber } from "../clickhouse/escape.ts";
import { arrayJoinClause, type ColumnDef, PAIR_COLUMNS, resolveColumn, TIMESTAMP_SQL } from "./columns.ts";
import { compileCondition, compileConditions, QueryCompileError, type ResolvedOperand } from "./conditions.ts";
import { isNumericType, parseFunction } from "./functions.ts";
import type { Aggregation, Condition, SnubaQuery } from "./schema.ts";
import { parseDate } from "./schema.ts";

/** Default time range when `from_date` is absent: the retention window. */
export const DEFAULT_RANGE_DAYS = 90;
/** Default `max_execution_time`, seconds. */
export const DEFAULT_MAX_EXECUTION_SECONDS = 10;

/** A `{name, type}` of the response's `meta`. */
export interface ColumnMeta {
  name: string;
  type: string;
}

/** A compiled query: SQL plus how to name its columns. */
export interface CompiledQuery {
  sql: string;
  /** Output columns in order; row keys `_c<i>` are renamed to `meta[i].name`. */
  meta: ColumnMeta[];
  /** The time range applied, unix seconds, `[from, to)`. */
  range: { from: number; to: number };
}

/** Context of a compilation. */
export interface CompileOptions {
  /** The projects the query may read (already checked against the caller's organization). */
  projectIds: readonly number[];
  /** Clock for the default range, ms. Default `Date.now()`. */
  nowMs?: number;
  /** `max_execution_time`, seconds. Default 10. */
  maxExecutionSeconds?: number;
}

const ALIAS = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * Compiles a validated query.
 * @returns the SQL, or a message that names what was refused (unknown column, function, alias...)
 */
export function compileQuery(query: SnubaQuery, options: CompileOptions): Result<CompiledQuery, string> {
  try {
    return ok(compile(query, options));
  } catch (e) {
    if (e instanceof QueryCompileError || e instanceof RangeError) return err(e.message);
    throw e;
  }
}

interface Output {
  name: string;
  sql: string;
  type: string;
  aggregate: boolean;
}

function compile(query: SnubaQuery, options: CompileOptions): CompiledQuery {
  if (options.projectIds.length === 0) throw new QueryCompileError("No projects to query");
  const g = query.granularity;
  const groupby = typeof query.groupby === "string" ? [query.groupby] : query.groupby;

  // Which tags ARRAY JOIN the query needs: the (key, value) pair as soon as tags_value appears.
  const names = [
    ...groupby,
    ...query.selected_columns,
    ...flatConditions(query.conditions).map((c) => c[0]),
    ...query.aggregations.flatMap(aggregationColumns),
  ];
  const joinKind = names.includes("tags_value") ? "pair" : names.includes("tags_key") ? "key" : null;

  const column = (name: string): ColumnDef => {
    const def = resolveColumn(name, g);
    if (!def) throw new QueryCompileError(`Unknown column: ${JSON.stringify(name)}`);
    if (def.arrayJoin && joinKind === "pair") return { ...def, sql: PAIR_COLUMNS[name] ?? def.sql };
    return def;
  };
  const columnOperand = (name: string): ResolvedOperand => {
    // Range conditions on the raw DateTime keep the sorting key usable.
    if (name === "timestamp" || name === "received") return { sql: `\`${name}\``, type: "DateTime", dateTime: true };
    const def = column(name);
    return { sql: def.sql, type: def.type };
  };

  const outputs: Output[] = [];
  const seen = new Set<string>();
  for (const name of [...groupby, ...query.selected_columns]) {
    if (seen.has(name)) continue;
    seen.add(name);
    const def = column(name);
    outputs.push({ name, sql: def.sql, type: def.type, aggregate: false });
  }
  const grouped = groupby.length > 0 || query.aggregations.length > 0;
  if (grouped) {
    for (const name of query.selected_columns) {
      if (!groupby.includes(name)) {
        throw new QueryCompileError(`Selected column ${JSON.stringify(name)} must be in groupby`);
      }
    }
  }
  for (const agg of query.aggregations) {
    const [, , alias] = agg;
    if (!ALIAS.test(alias)) throw new QueryCompileError(`Invalid alias: ${JSON.stringify(alias)}`);
    if (seen.has(alias)) throw new QueryCompileError(`Duplicate output name: ${JSON.stringify(alias)}`);
    seen.add(alias);
    const compiled = compileAggregation(agg, column, columnOperand);
    outputs.push({ name: alias, ...compiled, aggregate: true });
  }
  if (outputs.length === 0) throw new QueryCompileError("Nothing selected: give selected_columns or aggregations");

  const aliasOf = new Map(outputs.map((o, i) => [o.name, `_c${i}`]));
  const from = query.from_date ? (parseDate(query.from_date) as number) : null;
  const nowMs = options.nowMs ?? Date.now();
  const toMs = query.to_date ? (parseDate(query.to_date) as number) : nowMs;
  const fromMs = from ?? toMs - DEFAULT_RANGE_DAYS * 86_400_000;
  if (fromMs > toMs) throw new QueryCompileError("from_date must not be after to_date");
  const range = { from: Math.floor(fromMs / 1000), to: Math.ceil(toMs / 1000) };

  const where = [
    "deleted = 0",
    `${TIMESTAMP_SQL} >= ${escapeDateTime(range.from)}`,
    `${TIMESTAMP_SQL} < ${escapeDateTime(range.to)}`,
  ];
  const conditions = compileConditions(query.conditions, columnOperand);
  if (conditions) where.push(conditions);

  const havingSql = compileConditions(query.having, (name) => {
    const i = outputs.findIndex((o) => o.name === name);
    const out = outputs[i];
    if (!out) throw new QueryCompileError(`having: unknown output ${JSON.stringify(name)}`);
    return { sql: `_c${i}`, type: out.type };
  });
  if (havingSql && !grouped) throw new QueryCompileError("having needs aggregations or groupby");

  const order = (typeof query.orderby === "string" ? [query.orderby] : (query.orderby ?? [])).map((raw) => {
    const desc = raw.startsWith("-");
    const name = desc ? raw.slice(1) : raw;
    const alias = aliasOf.get(name);
    let sql = alias;
    if (!sql) {
      if (grouped) throw new QueryCompileError(`orderby: ${JSON.stringify(name)} is not in the output`);
      sql = column(name).sql;
    }
    return `${sql} ${desc ? "DESC" : "ASC"}`;
  });

  const select = outputs.map((o, i) => `${o.sql} AS _c${i}`).join(", ");
  const lines = [
    `SELECT ${select}`,
    "FROM events",
    ...(joinKind ? [arrayJoinClause(joinKind)] : []),
    `PREWHERE project_id IN ${escapeList([...options.projectIds])}`,
    `WHERE ${where.join(" AND ")}`,
  ];
  if (groupby.length > 0) lines.push(`GROUP BY ${groupby.map((n) => aliasOf.get(n)).join(", ")}`);
  if (havingSql) lines.push(`HAVING ${havingSql}`);
  if (order.length > 0) lines.push(`ORDER BY ${order.join(", ")}`);
  lines.push(`LIMIT ${escapeNumber(query.offset)}, ${escapeNumber(query.limit)}`);
  const maxSeconds = options.maxExecutionSeconds ?? DEFAULT_MAX_EXECUTION_SECONDS;
  lines.push(`SETTINGS max_execution_time = ${escapeNumber(maxSeconds)}`);
  return {
    sql: lines.join("\n"),
    meta: outputs.map((o) => ({ name: o.name, type: o.type })),
    range,
  };
}

function compileAggregation(
  agg: Aggregation,
  column: (name: string) => ColumnDef,
  operand: (name: string) => ResolvedOperand,
): { sql: string; type: string } {
  const [fn, arg] = agg;
  const parsed = parseFunction(fn);
  if (!parsed.ok) throw new QueryCompileError(parsed.error);
  const { name, def, params } = parsed.value;
  if (def.arity === "condition") {
    if (!Array.isArray(arg) || typeof arg[0] !== "string" || typeof arg[1] !== "string") {
      throw new QueryCompileError(`${name}: the column must be a condition [column, op, value]`);
    }
    return { sql: `${name}(${compileCondition(arg as Condition, operand)})`, type: def.type([]) };
  }
  const args = (Array.isArray(arg) ? arg : arg === null || arg === "" ? [] : [arg]).map((a) => {
    if (typeof a !== "string") throw new QueryCompileError(`${name}: arguments must be column names`);
    return column(a);
  });
  const expected = def.arity === "0-1" ? (args.length <= 1 ? args.length : -1) : def.arity;
  if (args.length !== expected) throw new QueryCompileError(`${name}: wrong number of columns`);
  if (def.numeric && !args.every((a) => isNumericType(a.type))) {
    throw new QueryCompileError(`${name}: needs a numeric column`);
  }
  return { sql: `${name}${params}(${args.map((a) => a.sql).join(", ")})`, type: def.type(args) };
}

function flatConditions(conditions: SnubaQuery["conditions"]): Condition[] {
  return conditions.flatMap((c) => (Array.isArray(c[0]) ? (c as Condition[]) : [c as Condition]));
}

function aggregationColumns(agg: Aggregation): string[] {
  const arg = agg[1];
  if (typeof arg === "string") return [arg];
  if (Array.isArray(arg) && typeof arg[0] === "string") return [arg[0]];
  return [];
}
