/**
 * @module
 * The columns a query may name, and the SQL each becomes. Nothing outside this list reaches SQL:
 * a name is looked up, never quoted through. Besides the `events` columns there are Snuba's
 * virtual columns:
 *
 * - `tags[foo]`: the value of tag `foo` (`''` when absent), `tags.value[indexOf(tags.key, 'foo')]`;
 * - `tags_key` / `tags_value`: one row per tag of each event, through an ARRAY JOIN of the
 *   `tags` Nested column (18.16 cannot GROUP BY an `arrayJoin()` alias without its source, the
 *   ARRAY JOIN clause has no such limit);
 * - `time`: `timestamp` floored to the query's `granularity`, as unix seconds.
 *   (`intDiv(toUInt32(timestamp), g) * g`: 18.16 has no `toStartOfInterval`.)
 *
 * DateTime columns are returned as unix seconds so that the server's timezone never matters.
 */
import { escapeNumber, escapeString } from "../clickhouse/escape.ts";

/** What compiling needs to know about a column. */
export interface ColumnDef {
  /** SQL expression. */
  sql: string;
  /** ClickHouse type of the expression (as reported in `meta`). */
  type: string;
  /** Needs the tags ARRAY JOIN. */
  arrayJoin?: "key" | "pair";
}

const plain = (name: string, type = "String"): [string, ColumnDef] => [name, { sql: `\`${name}\``, type }];

/** The physical columns of `events` that queries may read. */
export const EVENT_COLUMNS: ReadonlyMap<string, ColumnDef> = new Map([
  plain("project_id", "UInt64"),
  plain("group_id", "UInt64"),
  plain("event_id"),
  plain("primary_hash"),
  plain("platform"),
  plain("level"),
  plain("environment"),
  plain("release"),
  plain("dist"),
  plain("logger"),
  plain("server_name"),
  plain("transaction"),
  plain("title"),
  plain("culprit"),
  plain("message"),
  plain("user"),
  plain("user_id"),
  plain("user_email"),
  plain("user_username"),
  plain("user_ip"),
  plain("sdk_name"),
  plain("sdk_version"),
  ["timestamp", { sql: "toUInt32(`timestamp`)", type: "UInt32" }],
  ["received", { sql: "toUInt32(`received`)", type: "UInt32" }],
  // Snuba's name for group_id.
  ["issue", { sql: "`group_id`", type: "UInt64" }],
]);

/** Tag names Sentry allows: letters, digits, `_ . : -` (and we cap the length). */
const TAG_KEY = /^[a-zA-Z0-9_.:-]{1,200}$/;

/** The raw timestamp, for range conditions that should use the sorting key. */
export const TIMESTAMP_SQL = "`timestamp`";

/**
 * Resolves a column name, or null when it is not allowed.
 * @param granularity seconds per `time` bucket
 */
export function resolveColumn(name: string, granularity: number): ColumnDef | null {
  const known = EVENT_COLUMNS.get(name);
  if (known) return known;
  if (name === "time") {
    const g = escapeNumber(granularity);
    return { sql: `intDiv(toUInt32(\`timestamp\`), ${g}) * ${g}`, type: "UInt32" };
  }
  if (name === "tags_key") return { sql: "tags_key", type: "String", arrayJoin: "key" };
  if (name === "tags_value") return { sql: "tags_value", type: "String", arrayJoin: "pair" };
  const tag = /^tags\[(.*)\]$/.exec(name);
  if (tag?.[1] !== undefined && TAG_KEY.test(tag[1])) {
    return { sql: `\`tags.value\`[indexOf(\`tags.key\`, ${escapeString(tag[1])})]`, type: "String" };
  }
  return null;
}

/**
 * The ARRAY JOIN clause for the virtual tag columns. `key` unnests only the keys (cheaper, for a
 * key breakdown); `pair` unnests (key, value) together so both stay aligned.
 */
export function arrayJoinClause(kind: "key" | "pair"): string {
  if (kind === "key") return "ARRAY JOIN `tags.key` AS tags_key";
  return "ARRAY JOIN arrayMap((k, v) -> [k, v], `tags.key`, `tags.value`) AS tags_pair";
}

/** In `pair` mode `tags_key` / `tags_value` are elements of the pair. */
export const PAIR_COLUMNS: Readonly<Record<string, string>> = {
  tags_key: "tags_pair[1]",
  tags_value: "tags_pair[2]",
};
