/**
 * @module
 * The EventStore's port (STYLE a, after unkey's internal/clickhouse client interface): code that reads
 * or writes ClickHouse tables depends on these interfaces only, so chDB (embedded) and a ClickHouse
 * server over HTTP (issue 5) share one contract. SQL text is built with `./escape.ts`: no query
 * parameters, because ClickHouse 18.16 has none.
 */
import type { z } from "zod";

/** Runs a SELECT and returns its rows (JSONEachRow), validated when a schema is given. */
export interface Querier {
  /** Rows parsed and checked against `schema`; a row that does not match throws (a bug, not input). */
  query<T>(sql: string, schema: z.ZodType<T>): Promise<T[]>;
  /** Rows as parsed JSON, unchecked: callers must narrow before use. */
  query(sql: string): Promise<unknown[]>;
}

/** Writes rows and runs statements that return nothing (DDL, INSERT ... VALUES). */
export interface Inserter {
  /**
   * Inserts rows in one JSONEachRow batch. Nested columns are given as parallel arrays named
   * `nested.sub` (`"tags.key": [...]`). An empty `rows` is a no-op.
   * @param table a table name from the allow-list in `./escape.ts`
   */
  insertJsonEachRow(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  /** Runs one statement and discards its output. */
  exec(sql: string): Promise<void>;
}

/** A live connection to an EventStore: query, insert, probe, close. */
export interface EventStoreClient extends Querier, Inserter {
  /** Cheap liveness probe for `/healthz`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
