/**
 * @module
 * The ClickHouse side of an issue search: the terms about events (level, release, environment,
 * user fields, tags, free text) become ONE query over the project's events that returns the
 * matching issues with their counts. An issue matches when at least one of its events passes all
 * event terms, as in Sentry. Postgres then applies the issue-level terms to these ids
 * (`./list.ts`).
 */
import { z } from "zod";
import { escapeString, sql } from "../clickhouse/escape.ts";
import type { Querier } from "../clickhouse/interface.ts";
import type { SearchTerm } from "./search.ts";

/**
 * Most issues one search passes to Postgres; beyond it the most recently seen ones are kept. A
 * project with more matching issues than this gets an approximate list (documented limit).
 */
export const MAX_CANDIDATES = 10_000;

/** What ClickHouse knows about a matching issue. */
export interface EventMatch {
  /** Matching events. */
  count: number;
  /** Distinct users among them. */
  users: number;
  /** Unix seconds. */
  firstSeen: number;
  lastSeen: number;
}

const MatchRowSchema = z.object({
  group_id: z.coerce.number(),
  count: z.coerce.number(),
  users: z.coerce.number(),
  first: z.coerce.number(),
  last: z.coerce.number(),
});

/** `*` → `%`, with LIKE's own metacharacters (`\`, `%`, `_`) escaped so they match literally. */
export function wildcardPattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, "%");
}

function fieldSql(field: Extract<SearchTerm, { kind: "event" }>["field"]): string {
  // Column names come from the parser's fixed map; tag keys are literals.
  if ("column" in field) return `\`${field.column}\``;
  return `\`tags.value\`[indexOf(\`tags.key\`, ${escapeString(field.tag)})]`;
}

/** One term as a SQL condition over `events`, or null for issue-level terms. */
export function eventTermSql(term: SearchTerm): string | null {
  if (term.kind === "text") {
    const needle = escapeString(term.text);
    return `(positionCaseInsensitiveUTF8(title, ${needle}) > 0 OR positionCaseInsensitiveUTF8(message, ${needle}) > 0)`;
  }
  if (term.kind !== "event") return null;
  const lhs = fieldSql(term.field);
  const exact = term.values.filter((v) => !v.includes("*"));
  const patterns = term.values.filter((v) => v.includes("*"));
  const parts = [
    ...(exact.length > 0 ? [`${lhs} IN ${sql`${exact}`}`] : []),
    ...patterns.map((p) => `${lhs} LIKE ${escapeString(wildcardPattern(p))}`),
  ];
  const any = parts.length === 1 ? (parts[0] as string) : `(${parts.join(" OR ")})`;
  return term.negated ? `NOT ${any.startsWith("(") ? any : `(${any})`}` : any;
}

/**
 * Issues of `projectId` with at least one event passing every event term (all issues with events
 * when there is none), most recently seen first, at most `MAX_CANDIDATES`.
 */
export async function matchEvents(
  querier: Querier,
  projectId: number,
  terms: readonly SearchTerm[],
): Promise<Map<number, EventMatch>> {
  const conditions = terms.flatMap((t) => eventTermSql(t) ?? []);
  const rows = await querier.query(
    `SELECT group_id, count() AS count, uniqIf(user, user != '') AS users,
       toUInt32(min(timestamp)) AS first, toUInt32(max(timestamp)) AS last
     FROM events
     PREWHERE ${sql`project_id = ${projectId}`}
     WHERE ${["deleted = 0", ...conditions].join(" AND ")}
     GROUP BY group_id
     ORDER BY last DESC
     ${sql`LIMIT ${MAX_CANDIDATES}`}`,
    MatchRowSchema,
  );
  return new Map(
    rows.map((r) => [r.group_id, { count: r.count, users: r.users, firstSeen: r.first, lastSeen: r.last }]),
  );
}
