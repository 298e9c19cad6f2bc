/**
 * @module
 * The ONE place where values become ClickHouse SQL text (DESIGN 4: "literals escaped by one tested
 * function"). ClickHouse 18.16 has no query parameters, so every query is a string; anything that
 * reaches SQL goes through `literal` (or the `sql` tag that calls it), identifiers through the
 * allow-list. Do not concatenate values into SQL anywhere else.
 */

/** A value the `sql` tag can embed. Arrays become IN lists: `(a, b)`. */
export type SqlValue = string | number | bigint | boolean | Date | null | Identifier | readonly SqlScalar[];
/** A value allowed inside an IN list or array literal. */
export type SqlScalar = string | number | bigint | boolean | Date | null;

/** Tables that inserts may target. */
export const KNOWN_TABLES: ReadonlySet<string> = new Set([
  "events",
  "outcomes",
  "schema_migrations",
  "transactions",
  "sessions",
  "attachments",
  "user_reports",
]);

/** Identifiers (tables, columns) that SQL may name. Anything else is refused, never quoted through. */
export const KNOWN_IDENTIFIERS: ReadonlySet<string> = new Set([
  ...KNOWN_TABLES,
  // events columns
  "project_id",
  "timestamp",
  "event_id",
  "group_id",
  "primary_hash",
  "received",
  "retention_days",
  "deleted",
  "platform",
  "level",
  "environment",
  "release",
  "dist",
  "logger",
  "server_name",
  "transaction",
  "title",
  "culprit",
  "message",
  "user",
  "user_id",
  "user_email",
  "user_username",
  "user_ip",
  "sdk_name",
  "sdk_version",
  "tags.key",
  "tags.value",
  "data",
  // outcomes columns
  "org_id",
  "key_id",
  "outcome",
  "reason",
  "category",
  "quantity",
]);

/** An identifier checked against an allow-list; the `sql` tag embeds it backquoted. */
export class Identifier {
  /** @internal use `identifier()` */
  constructor(readonly name: string) {}
}

// ClickHouse's own escapes for the usual control characters; the rest become \xHH.
const NAMED_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  "\0": "\\0",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * Quotes a string literal: `'…'` with backslash, quote and every control character (U+0000–U+001F,
 * U+007F) escaped. Non-ASCII text passes through as UTF-8.
 * @example escapeString("it's") // "'it\\'s'"
 */
export function escapeString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const escaped = value.replace(/[\\'\u0000-\u001f\u007f]/g, (ch) => {
    const named = NAMED_ESCAPES[ch];
    if (named) return named;
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return `'${escaped}'`;
}

/**
 * Formats a number literal. NaN and ±Infinity are refused (they would not round-trip and usually
 * mean a bug upstream).
 * @throws RangeError for non-finite numbers
 */
export function escapeNumber(value: number | bigint): string {
  if (typeof value === "bigint") return value.toString();
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // Parenthesised so that `x - ${-1}` cannot become the comment token `--`.
  return value < 0 || Object.is(value, -0) ? `(${value})` : String(value);
}

/** A DateTime literal at second precision, `toDateTime(<unix seconds>)`: timezone-independent. */
export function escapeDateTime(value: Date | number): string {
  const ms = typeof value === "number" ? value * 1000 : value.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("invalid date");
  return `toDateTime(${escapeNumber(Math.floor(ms / 1000))})`;
}

/** Escapes one scalar by its JS type. */
export function literal(value: SqlScalar): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return escapeString(value);
  if (typeof value === "number" || typeof value === "bigint") return escapeNumber(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return escapeDateTime(value);
  throw new TypeError(`cannot embed ${typeof value} in SQL`);
}

/**
 * An IN list, `(a, b, c)`. Empty lists are refused: `IN ()` is a syntax error on old servers, so the
 * caller must short-circuit instead.
 * @throws RangeError when `values` is empty
 */
export function escapeList(values: readonly SqlScalar[]): string {
  if (values.length === 0) throw new RangeError("empty IN list");
  return `(${values.map(literal).join(", ")})`;
}

/** An array literal, `[a, b]` (for `has()`, `arrayJoin()`...). */
export function escapeArray(values: readonly SqlScalar[]): string {
  return `[${values.map(literal).join(", ")}]`;
}

/**
 * Checks `name` against an allow-list and returns it backquoted (dotted names quote each part).
 * @param allowed defaults to `KNOWN_IDENTIFIERS`
 * @throws RangeError for a name not in the list
 */
export function escapeIdentifier(name: string, allowed: ReadonlySet<string> = KNOWN_IDENTIFIERS): string {
  if (!allowed.has(name) || !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(name)) {
    throw new RangeError(`identifier not allowed: ${JSON.stringify(name)}`);
  }
  return name
    .split(".")
    .map((part) => `\`${part}\``)
    .join(".");
}

/** Wraps an allow-listed identifier for the `sql` tag. */
export function identifier(name: string, allowed: ReadonlySet<string> = KNOWN_IDENTIFIERS): Identifier {
  escapeIdentifier(name, allowed);
  return new Identifier(name);
}

/**
 * Tagged template that escapes every interpolated value by type: strings quoted, numbers checked,
 * arrays as IN lists, dates as `toDateTime()`, identifiers backquoted.
 * @example
 * sql`SELECT data FROM events WHERE project_id = ${1} AND event_id IN ${ids}`
 */
export function sql(strings: TemplateStringsArray, ...values: readonly SqlValue[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += embed(value) + (strings[i + 1] ?? "");
  });
  return out;
}

function embed(value: SqlValue): string {
  if (value instanceof Identifier) return escapeIdentifier(value.name, new Set([value.name]));
  if (Array.isArray(value)) return escapeList(value);
  return literal(value as SqlScalar);
}
