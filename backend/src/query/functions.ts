/**
 * @module
 * The aggregate functions a query may call, and how each becomes SQL. A function name is looked
 * up here, never passed through; parametric ones (`quantile(0.95)`, `topK(5)`) have their
 * parameter parsed as a number and range-checked.
 */
import { err, ok, type Result } from "@breakwater/core/result";
import { escapeNumber } from "../clickhouse/escape.ts";
import type { ColumnDef } from "./columns.ts";

/** How many column arguments a function takes, and its result type from the argument types. */
interface FunctionDef {
  /** Number of column arguments (`count` takes 0 or 1). */
  arity: 0 | 1 | 2 | "0-1" | "condition";
  /** Needs numeric arguments. */
  numeric?: boolean;
  type: (args: readonly ColumnDef[]) => string;
}

const first = (args: readonly ColumnDef[]) => args[0]?.type ?? "UInt64";
const u64 = () => "UInt64";
const f64 = () => "Float64";

/** The allow-list (Snuba's legacy aggregations that make sense on `events`). */
export const AGGREGATE_FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map<string, FunctionDef>([
  ["count", { arity: "0-1", type: u64 }],
  ["countIf", { arity: "condition", type: u64 }],
  ["uniq", { arity: 1, type: u64 }],
  ["uniqExact", { arity: 1, type: u64 }],
  ["min", { arity: 1, type: first }],
  ["max", { arity: 1, type: first }],
  ["any", { arity: 1, type: first }],
  ["anyLast", { arity: 1, type: first }],
  ["avg", { arity: 1, numeric: true, type: f64 }],
  ["sum", { arity: 1, numeric: true, type: u64 }],
  ["quantile", { arity: 1, numeric: true, type: f64 }],
  ["topK", { arity: 1, type: (a) => `Array(${first(a)})` }],
  ["argMax", { arity: 2, type: first }],
  ["argMin", { arity: 2, type: first }],
]);

/** A function reference parsed from `name`, `name()` or `name(param)`. */
export interface ParsedFunction {
  name: string;
  def: FunctionDef;
  /** SQL of the parameter list, e.g. `(0.95)`, or "" */
  params: string;
}

/**
 * Parses the function part of an aggregation.
 * @example parseFunction("quantile(0.95)") // ok({name: "quantile", params: "(0.95)", ...})
 */
export function parseFunction(raw: string): Result<ParsedFunction, string> {
  const m = /^([A-Za-z]+)(?:\(([^()]*)\))?$/.exec(raw.trim());
  const name = m?.[1] ?? "";
  const def = AGGREGATE_FUNCTIONS.get(name);
  if (!m || !def) return err(`Unsupported aggregate function: ${JSON.stringify(raw)}`);
  const param = m[2]?.trim() ?? "";
  if (name === "quantile") {
    const p = Number(param);
    if (param === "" || !Number.isFinite(p) || p < 0 || p > 1) return err("quantile() takes a level between 0 and 1");
    return ok({ name, def, params: `(${escapeNumber(p)})` });
  }
  if (name === "topK") {
    const k = Number(param === "" ? 10 : param);
    if (!Number.isInteger(k) || k < 1 || k > 1000) return err("topK() takes a count between 1 and 1000");
    return ok({ name, def, params: `(${escapeNumber(k)})` });
  }
  if (param !== "") return err(`${name}() takes no parameter`);
  return ok({ name, def, params: "" });
}

/** True for the numeric ClickHouse types our columns have. */
export const isNumericType = (type: string): boolean => /^U?Int\d+$|^Float\d+$/.test(type);
