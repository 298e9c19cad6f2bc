/**
 * @module
 * Reads and writes of the `transactions` table (one file per table, STYLE a). Every query filters
 * `deleted = 0` and `project_id` (DESIGN 4), and reads one row per event id: duplicates collapse
 * only when parts merge.
 */
import { z } from "zod";
import { sql } from "./escape.ts";
import type { Inserter, Querier } from "./interface.ts";

/** One `transactions` row as inserted (JSONEachRow); Nested columns as parallel arrays. */
export type TransactionRow = {
  project_id: number;
  event_id: string;
  trace_id: string;
  span_id: string;
  transaction_name: string;
  transaction_op: string;
  transaction_status: string;
  /** Unix seconds (DateTime) and the milliseconds past them. */
  start_ts: number;
  start_ms: number;
  finish_ts: number;
  finish_ms: number;
  duration_ms: number;
  received: number;
  retention_days: number;
  deleted: 0 | 1;
  platform: string;
  environment: string;
  release: string;
  dist: string;
  user: string;
  user_id: string;
  user_email: string;
  user_username: string;
  user_ip: string;
  sdk_name: string;
  sdk_version: string;
  "tags.key": string[];
  "tags.value": string[];
  "measurements.key": string[];
  "measurements.value": number[];
  span_count: number;
  data: string;
};

/** Inserts a batch of transactions in one JSONEachRow insert. */
export async function insertTransactions(inserter: Inserter, rows: readonly TransactionRow[]): Promise<void> {
  await inserter.insertJsonEachRow("transactions", rows);
}

/** A transaction as the REST API reads it back. */
export const StoredTransactionSchema = z.object({
  event_id: z.string(),
  project_id: z.coerce.number(),
  transaction_name: z.string(),
  duration_ms: z.coerce.number(),
  data: z.string(),
});
export type StoredTransaction = z.infer<typeof StoredTransactionSchema>;

/** One transaction by id, or null. */
export async function getTransaction(
  querier: Querier,
  projectId: number,
  eventId: string,
): Promise<StoredTransaction | null> {
  const rows = await querier.query(
    sql`SELECT event_id, project_id, transaction_name, duration_ms, data FROM transactions
        WHERE deleted = 0 AND project_id = ${projectId} AND event_id = ${eventId} LIMIT 1`,
    StoredTransactionSchema,
  );
  return rows[0] ?? null;
}
