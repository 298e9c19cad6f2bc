/**
 * @module
 * Snuba's legacy conditions → SQL. `[[a], [b, c]]` means `a AND (b OR c)`: the top level is an
 * AND, a nested list an OR. Left sides are resolved by the caller (columns in `conditions`,
 * aggregate aliases in `having`); right sides only ever reach SQL through `../clickhouse/escape.ts`.
 */
import { escapeDateTime, escapeString, literal, type SqlScalar } from "../clickhouse/escape.ts";
import { isNumericType } from "./functions.ts";
import { type Condition, type Conditions, parseDate } from "./schema.ts";

/** A compile-time refusal; `compileQuery` turns it into an error value. */
export class QueryCompileError extends Error {
  override readonly name = "QueryCompileError";
}

/** The left side of a condition as SQL, with what is needed to type its right side. */
export interface ResolvedOperand {
  sql: string;
  type: string;
  /** A DateTime column compared with dates (ISO strings or unix seconds). */
  dateTime?: boolean;
}

/** Resolves a left-hand name, or throws `QueryCompileError`. */
export type OperandResolver = (name: string) => ResolvedOperand;

type Scalar = string | number | boolean | null;

/** One right-side scalar, coerced to the left side's type so that comparisons never fail on type. */
function value(operand: ResolvedOperand, v: Scalar, lhs: string): string {
  if (v === null) return "NULL";
  if (operand.dateTime) {
    const seconds = typeof v === "number" ? v : typeof v === "string" ? parseDate(v) : null;
    if (seconds === null) throw new QueryCompileError(`${lhs}: expected a date, got ${JSON.stringify(v)}`);
    return escapeDateTime(typeof v === "number" ? seconds : new Date(seconds));
  }
  if (isNumericType(operand.type)) {
    const n = typeof v === "number" ? v : typeof v === "boolean" ? Number(v) : Number(v);
    if (typeof v === "string" && (v.trim() === "" || !Number.isFinite(n))) {
      throw new QueryCompileError(`${lhs}: expected a number, got ${JSON.stringify(v)}`);
    }
    return literal(n as SqlScalar);
  }
  return escapeString(typeof v === "string" ? v : String(v));
}

/** One `[lhs, op, rhs]`. */
export function compileCondition(cond: Condition, resolve: OperandResolver): string {
  const [lhs, op, rhs] = cond;
  const operand = resolve(lhs);
  const left = operand.sql;
  switch (op) {
    case "IS NULL":
    case "IS NOT NULL":
      return `isNull(${left}) = ${op === "IS NULL" ? 1 : 0}`;
    case "IN":
    case "NOT IN": {
      const list = Array.isArray(rhs) ? rhs : rhs === undefined ? [] : [rhs];
      // `x IN ()` is a syntax error: an empty list is simply false (true for NOT IN).
      if (list.length === 0) return op === "IN" ? "0" : "1";
      return `${left} ${op} (${list.map((v) => value(operand, v, lhs)).join(", ")})`;
    }
    case "LIKE":
    case "NOT LIKE": {
      if (typeof rhs !== "string") throw new QueryCompileError(`${lhs} ${op}: expected a string pattern`);
      if (operand.type !== "String") throw new QueryCompileError(`${lhs} ${op}: only string columns`);
      // The pattern is the caller's (% and _ are wildcards, \ escapes them); quoting keeps it a literal.
      return `${left} ${op} ${escapeString(rhs)}`;
    }
    default: {
      if (Array.isArray(rhs) || rhs === undefined) {
        throw new QueryCompileError(`${lhs} ${op}: expected a single value`);
      }
      if (rhs === null) return `isNull(${left}) = ${op === "=" ? 1 : 0}`;
      return `${left} ${op} ${value(operand, rhs, lhs)}`;
    }
  }
}

/** A conditions list as one SQL expression, or null when empty. */
export function compileConditions(conditions: Conditions, resolve: OperandResolver): string | null {
  const parts = conditions.map((entry) => {
    if (isConditionList(entry)) {
      const ors = entry.map((c) => `(${compileCondition(c, resolve)})`);
      return ors.length === 1 ? (ors[0] as string) : `(${ors.join(" OR ")})`;
    }
    return `(${compileCondition(entry, resolve)})`;
  });
  return parts.length === 0 ? null : parts.join(" AND ");
}

function isConditionList(entry: Conditions[number]): entry is Condition[] {
  return Array.isArray(entry[0]);
}
