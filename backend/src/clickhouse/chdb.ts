/**
 * @module
 * The embedded EventStore: chDB (ClickHouse as a library) in the backend's own process. chDB keeps
 * one engine per process, so open one `ChdbClient` per data directory and share it. Only the async
 * calls are used: the sync ones block the event loop for the whole query (DESIGN 4).
 */
import { Session } from "chdb";
import type { z } from "zod";
import { escapeIdentifier, KNOWN_TABLES } from "./escape.ts";
import type { EventStoreClient } from "./interface.ts";
import { MAX_QUERY_SIZE } from "./settings.ts";

/** EventStore client backed by a chDB `Session` on a local directory. */
export class ChdbClient implements EventStoreClient {
  private constructor(private readonly session: Session) {}

  /**
   * Opens (creating if needed) the chDB data directory.
   * @param dataDir e.g. `<BREAKWATER_DATA_DIR>/chdb`
   */
  static open(dataDir: string): ChdbClient {
    const session = new Session(dataDir);
    // Session-wide here; the HTTP adapter sends it with every request.
    session.query(`SET max_query_size = ${MAX_QUERY_SIZE}`);
    return new ChdbClient(session);
  }

  query<T>(sql: string, schema: z.ZodType<T>): Promise<T[]>;
  query(sql: string): Promise<unknown[]>;
  async query<T>(sql: string, schema?: z.ZodType<T>): Promise<unknown[]> {
    const result = await this.session.queryAsync(sql, { format: "JSONEachRow" });
    const rows = parseJsonEachRow(result.text());
    return schema ? rows.map((row) => schema.parse(row)) : rows;
  }

  async insertJsonEachRow(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    // The name is checked against the table allow-list; chDB takes it unquoted.
    escapeIdentifier(table, KNOWN_TABLES);
    const body = Buffer.from(`${rows.map((row) => JSON.stringify(row)).join("\n")}\n`, "utf8");
    await this.session.insert({ table, values: body, format: "JSONEachRow" });
  }

  async exec(sql: string): Promise<void> {
    await this.session.queryAsync(sql);
  }

  async ping(): Promise<void> {
    await this.session.queryAsync("SELECT 1");
  }

  async close(): Promise<void> {
    this.session.close();
  }
}

/** Splits JSONEachRow output (one JSON object per line) into parsed rows. */
export function parseJsonEachRow(text: string): unknown[] {
  const rows: unknown[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() !== "") rows.push(JSON.parse(line));
  }
  return rows;
}
