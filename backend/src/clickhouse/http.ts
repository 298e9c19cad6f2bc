/**
 * @module
 * The server EventStore: a ClickHouse server (or cluster entry point) over HTTP with
 * `@clickhouse/client`. Written for the oldest server we support, Debian's ClickHouse 18.16:
 *
 * - no query parameters: SQL arrives fully built by `./escape.ts`, as for chDB;
 * - unknown settings fail the query, so the client sends only settings 18.16 knows;
 * - 64-bit integers come back as JSON strings by default: `output_format_json_quote_64bit_integers=0`
 *   makes rows look like chDB's (numbers), and the zod row schemas coerce anyway;
 * - errors use the old `Code: N, e.displayText() = …` text that the client does not parse:
 *   `ClickHouseError` carries the code parsed from it (`clickHouseErrorCode`).
 */
import { ClickHouseLogLevel, type ClickHouseClient as Client, createClient } from "@clickhouse/client";
import type { z } from "zod";
import { escapeIdentifier, KNOWN_TABLES } from "./escape.ts";
import type { EventStoreClient } from "./interface.ts";
import { MAX_QUERY_SIZE } from "./settings.ts";

/** Settings sent with every request; each exists on 18.16 (`system.settings`) and on current servers. */
export const HTTP_CLICKHOUSE_SETTINGS = {
  // UInt64 / Int64 as JSON numbers, as chDB returns them (our values stay far below 2^53).
  output_format_json_quote_64bit_integers: 0,
  max_query_size: String(MAX_QUERY_SIZE),
} as const;

/** Connection settings of `HttpClickHouseClient.open`. */
export interface HttpClickHouseOptions {
  /** `http[s]://host:port`. */
  url: string;
  /** Created (`IF NOT EXISTS`) on open. */
  database: string;
  /** Default `default`. */
  username?: string;
  /** Default empty. */
  password?: string;
  /** Per-request timeout, ms. Default 60,000. */
  requestTimeoutMs?: number;
}

/** A failed ClickHouse request, with the server's error code when the text has one. */
export class ClickHouseError extends Error {
  override readonly name = "ClickHouseError";
  /** `Code: N` of the server's message (both the 18.16 and the modern format), else undefined. */
  readonly code: number | undefined;
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.code = clickHouseErrorCode(message);
  }
}

/**
 * The numeric code of a ClickHouse error message: `Code: 46, e.displayText() = …` (18.16) or
 * `Code: 46. DB::Exception: …` (modern servers and chDB).
 */
export function clickHouseErrorCode(message: string): number | undefined {
  const match = /^(?:\w+: )?Code: (\d+)/.exec(message.trimStart());
  return match ? Number(match[1]) : undefined;
}

/** Wraps whatever the client threw; network errors (no code) keep their `cause` for classification. */
function wrap(e: unknown, what: string): Error {
  if (!(e instanceof Error)) return new ClickHouseError(`${what}: ${String(e)}`, { cause: e });
  const code = clickHouseErrorCode(e.message);
  if (code === undefined) return e;
  return new ClickHouseError(e.message.trim(), { cause: e });
}

/** EventStore client for a ClickHouse server over HTTP. */
export class HttpClickHouseClient implements EventStoreClient {
  private constructor(
    private readonly client: Client,
    /** The database every request runs in. */
    readonly database: string,
  ) {}

  /**
   * Connects, creates the database if it is missing, and returns a client bound to it.
   * @example
   * const ch = await HttpClickHouseClient.open({ url: "http://127.0.0.1:8123", database: "default" });
   */
  static async open(options: HttpClickHouseOptions): Promise<HttpClickHouseClient> {
    const base = {
      url: options.url,
      username: options.username ?? "default",
      password: options.password ?? "",
      request_timeout: options.requestTimeoutMs ?? 60_000,
      compression: { request: false, response: false },
      clickhouse_settings: HTTP_CLICKHOUSE_SETTINGS,
      log: { level: ClickHouseLogLevel.OFF },
    };
    if (options.database !== "default") {
      const admin = createClient({ ...base, database: "default" });
      try {
        await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteDatabase(options.database)}` });
      } catch (e) {
        throw wrap(e, "create database");
      } finally {
        await admin.close();
      }
    }
    return new HttpClickHouseClient(createClient({ ...base, database: options.database }), options.database);
  }

  query<T>(sql: string, schema: z.ZodType<T>): Promise<T[]>;
  query(sql: string): Promise<unknown[]>;
  async query<T>(sql: string, schema?: z.ZodType<T>): Promise<unknown[]> {
    let rows: unknown[];
    try {
      const result = await this.client.query({ query: sql, format: "JSONEachRow" });
      rows = await result.json<unknown>();
    } catch (e) {
      throw wrap(e, "query");
    }
    return schema ? rows.map((row) => schema.parse(row)) : rows;
  }

  async insertJsonEachRow(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    escapeIdentifier(table, KNOWN_TABLES);
    try {
      // DateTime columns get unix seconds, which JSONEachRow accepts on every version.
      await this.client.insert({ table, values: rows as Record<string, unknown>[], format: "JSONEachRow" });
    } catch (e) {
      throw wrap(e, "insert");
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.client.command({ query: sql });
    } catch (e) {
      throw wrap(e, "exec");
    }
  }

  async ping(): Promise<void> {
    await this.query("SELECT 1 AS ok");
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Backquotes a database name after checking it is a plain identifier. */
export function quoteDatabase(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`bad database name: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}
