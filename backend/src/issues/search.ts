/**
 * @module
 * Sentry's issue search syntax (the subset we support), tokenized and parsed into a small AST:
 *
 * - `is:unresolved|resolved|ignored` (`archived` = ignored); several `is:` terms match any of them;
 * - `level:error`, `release:1.0`, `environment:prod`, `user.email:…`, and any other `key:value` as a
 *   tag (also `tags[key]:value`); `!key:value` negates, `*` is a wildcard, `"quoted values"` keep
 *   spaces and colons, `key:[a, b]` matches any of a list;
 * - `firstSeen:` / `lastSeen:` with `-24h` (within the last 24 h; units s m h d w), `+7d` (older
 *   than), `>2026-01-01`, `<=2026-01-01T10:00:00`, or a bare date (that day);
 * - `times_seen:>10` (also `timesSeen`), with `>`, `>=`, `<`, `<=` or an exact number;
 * - anything else is free text, matched as one case-insensitive substring of title or message.
 *
 * A missing query means `is:unresolved` (Sentry's implied default); an empty one means no filter.
 * Malformed input is an error value naming the problem (the route answers 400).
 * @see https://docs.sentry.io/concepts/search/
 */
import { err, ok, type Result } from "@breakwater/core/result";
import type { IssueStatus } from "../db/schema/index.ts";

/** Comparison of a date or number filter. */
export type Comparison = ">" | ">=" | "<" | "<=" | "=";

/** Event columns that search keys map to (anything else is a tag). */
export const EVENT_FIELDS: Readonly<Record<string, string>> = {
  level: "level",
  release: "release",
  environment: "environment",
  dist: "dist",
  platform: "platform",
  transaction: "transaction",
  server_name: "server_name",
  message: "message",
  user: "user",
  "user.id": "user_id",
  "user.email": "user_email",
  "user.username": "user_username",
  "user.ip": "user_ip",
};

/** One term of a search; terms are ANDed. */
export type SearchTerm =
  | { kind: "status"; statuses: IssueStatus[] }
  | { kind: "text"; text: string }
  /** An event column or tag equal to any of `values` (`*` wildcards), or none of them when negated. */
  | { kind: "event"; field: { column: string } | { tag: string }; values: string[]; negated: boolean }
  | { kind: "seen"; field: "firstSeen" | "lastSeen"; op: Comparison; ms: number }
  | { kind: "timesSeen"; op: Comparison; value: number };

/** A parsed search. */
export interface IssueSearch {
  terms: SearchTerm[];
}

/** Sentry keys we do not support: refused, so nobody reads an unfiltered list as a filtered one. */
const UNSUPPORTED_KEYS = new Set(["assigned", "assigned_or_suggested", "bookmarks", "has", "subscribed", "age"]);

const STATUS_ALIASES: Record<string, IssueStatus> = {
  unresolved: "unresolved",
  resolved: "resolved",
  ignored: "ignored",
  archived: "ignored",
};

/** A lexical token: free text or `[!]key:value`. */
type Token = { type: "text"; text: string } | { type: "filter"; key: string; negated: boolean; value: RawValue };
type RawValue = { raw: string; quoted: boolean } | { list: string[] };

/**
 * Splits a query into tokens. Whitespace separates tokens except inside `"…"` (with `\"` and `\\`
 * escapes) and `[…]` lists.
 */
export function tokenize(query: string): Result<Token[], string> {
  const tokens: Token[] = [];
  let i = 0;
  const n = query.length;
  const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
  const readQuoted = (): Result<string, string> => {
    // query[i] is the opening quote
    let out = "";
    i++;
    while (i < n) {
      const ch = query[i] as string;
      if (ch === "\\" && (query[i + 1] === '"' || query[i + 1] === "\\")) {
        out += query[i + 1];
        i += 2;
        continue;
      }
      if (ch === '"') {
        i++;
        return ok(out);
      }
      out += ch;
      i++;
    }
    return err("Unterminated quoted value");
  };
  const readBare = (stopAtColon: boolean): string => {
    const start = i;
    while (i < n && !isSpace(query[i]) && !(stopAtColon && query[i] === ":")) i++;
    return query.slice(start, i);
  };
  while (i < n) {
    if (isSpace(query[i])) {
      i++;
      continue;
    }
    if (query[i] === '"') {
      const text = readQuoted();
      if (!text.ok) return text;
      tokens.push({ type: "text", text: text.value });
      continue;
    }
    const start = i;
    const negated = query[i] === "!";
    if (negated) i++;
    const keyMatch = /^(tags\[[^\]\s]+\]|[a-zA-Z_][a-zA-Z0-9_.-]*):/.exec(query.slice(i));
    if (!keyMatch?.[1]) {
      i = start;
      tokens.push({ type: "text", text: readBare(false) });
      continue;
    }
    const key = keyMatch[1];
    i += keyMatch[0].length;
    let value: RawValue;
    if (query[i] === '"') {
      const quoted = readQuoted();
      if (!quoted.ok) return quoted;
      value = { raw: quoted.value, quoted: true };
    } else if (query[i] === "[") {
      const close = query.indexOf("]", i);
      if (close < 0) return err(`Unterminated list for ${key}`);
      const items = query
        .slice(i + 1, close)
        .split(",")
        .map((s) => s.trim().replace(/^"(.*)"$/, "$1"));
      if (items.some((s) => s === "")) return err(`Empty value in the list for ${key}`);
      value = { list: items };
      i = close + 1;
    } else {
      value = { raw: readBare(false), quoted: false };
    }
    if ("raw" in value && value.raw === "" && !value.quoted) return err(`Missing value for ${key}`);
    tokens.push({ type: "filter", key, negated, value });
  }
  return ok(tokens);
}

const RELATIVE = /^([+-])(\d{1,6})([smhdw])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const COMPARISON = /^(>=|<=|>|<|=)?(.*)$/;

function parseInstant(s: string): number | null {
  if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d{1,6})?)?)?(Z|[+-]\d\d:?\d\d)?$/.test(s)) return null;
  const hasTime = /[T ]/.test(s);
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(s) && hasTime;
  const ms = Date.parse(hasTime ? `${s.replace(" ", "T")}${zoned ? "" : "Z"}` : `${s}T00:00:00Z`);
  return Number.isFinite(ms) ? ms : null;
}

function seenTerms(field: "firstSeen" | "lastSeen", raw: string, nowMs: number): Result<SearchTerm[], string> {
  const rel = RELATIVE.exec(raw);
  if (rel) {
    const ms = nowMs - Number(rel[2]) * (UNIT_MS[rel[3] as string] as number);
    // -24h: within the last 24 h; +24h: longer ago than that (Sentry's meaning).
    return ok([{ kind: "seen", field, op: rel[1] === "-" ? ">=" : "<=", ms }]);
  }
  const [, op = "", rest = ""] = COMPARISON.exec(raw) ?? [];
  const ms = parseInstant(rest);
  if (ms === null) return err(`Invalid date for ${field}: ${raw}`);
  if (op === "" || op === "=") {
    if (/[T ]/.test(rest)) return ok([{ kind: "seen", field, op: "=", ms }]);
    return ok([
      { kind: "seen", field, op: ">=", ms },
      { kind: "seen", field, op: "<", ms: ms + 86_400_000 },
    ]);
  }
  return ok([{ kind: "seen", field, op: op as Comparison, ms }]);
}

/**
 * Parses `query` into terms.
 * @param nowMs clock for relative dates, default `Date.now()`
 */
export function parseIssueSearch(query: string | undefined, nowMs = Date.now()): Result<IssueSearch, string> {
  if (query === undefined) return ok({ terms: [{ kind: "status", statuses: ["unresolved"] }] });
  const tokens = tokenize(query);
  if (!tokens.ok) return tokens;
  const terms: SearchTerm[] = [];
  const statuses = new Set<IssueStatus>();
  const words: string[] = [];
  for (const token of tokens.value) {
    if (token.type === "text") {
      words.push(token.text);
      continue;
    }
    const { key, negated, value } = token;
    const values = "list" in value ? value.list : [value.raw];
    const single = "raw" in value ? value.raw : null;
    if (key === "is") {
      if (negated) return err("Negation is not supported for is:");
      for (const v of values) {
        const status = STATUS_ALIASES[v.toLowerCase()];
        if (!status) return err(`Unsupported value for is: ${v}`);
        statuses.add(status);
      }
      continue;
    }
    if (key === "firstSeen" || key === "lastSeen" || key === "times_seen" || key === "timesSeen") {
      if (negated || single === null) return err(`${key} takes a single comparison`);
      if (key === "firstSeen" || key === "lastSeen") {
        const seen = seenTerms(key, single, nowMs);
        if (!seen.ok) return seen;
        terms.push(...seen.value);
      } else {
        const [, op = "", num = ""] = COMPARISON.exec(single) ?? [];
        if (!/^\d{1,15}$/.test(num)) return err(`Invalid number for ${key}: ${single}`);
        terms.push({ kind: "timesSeen", op: (op || "=") as Comparison, value: Number(num) });
      }
      continue;
    }
    if (UNSUPPORTED_KEYS.has(key)) return err(`Unsupported search key: ${key}`);
    const tag = /^tags\[(.+)\]$/.exec(key)?.[1];
    const column = tag === undefined ? EVENT_FIELDS[key] : undefined;
    if (column) {
      terms.push({ kind: "event", field: { column }, values, negated });
      continue;
    }
    const tagKey = tag ?? key;
    if (!/^[a-zA-Z0-9_.:-]{1,200}$/.test(tagKey)) return err(`Invalid tag key: ${tagKey}`);
    terms.push({ kind: "event", field: { tag: tagKey }, values, negated });
  }
  if (statuses.size > 0) terms.unshift({ kind: "status", statuses: [...statuses] });
  const text = words.join(" ").trim();
  if (text) terms.push({ kind: "text", text });
  return ok({ terms });
}

/** Whether the search needs ClickHouse (any term about events rather than the issue row). */
export const hasEventTerms = (search: IssueSearch): boolean =>
  search.terms.some((t) => t.kind === "event" || t.kind === "text");
