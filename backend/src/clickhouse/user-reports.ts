/**
 * @module
 * Reads and writes of the `user_reports` table. Every query filters `deleted = 0` and `project_id`,
 * and reads one row per report id (duplicates collapse only when parts merge).
 */
import { z } from "zod";
import { sql } from "./escape.ts";
import type { Inserter, Querier } from "./interface.ts";

/** One `user_reports` row as inserted. */
export type UserReportRow = {
  project_id: number;
  event_id: string;
  report_id: string;
  name: string;
  email: string;
  comments: string;
  /** Unix seconds (DateTime). */
  timestamp: number;
  deleted: 0 | 1;
};

/** Inserts a batch of reports in one JSONEachRow insert. */
export async function insertUserReports(inserter: Inserter, rows: readonly UserReportRow[]): Promise<void> {
  await inserter.insertJsonEachRow("user_reports", rows);
}

export const StoredUserReportSchema = z.object({
  report_id: z.string(),
  event_id: z.string(),
  name: z.string(),
  email: z.string(),
  comments: z.string(),
  ts: z.coerce.number(),
});
export type StoredUserReport = z.infer<typeof StoredUserReportSchema>;

/** A project's reports, newest first. */
export async function listUserReports(
  querier: Querier,
  projectId: number,
  page: { offset: number; limit: number },
): Promise<StoredUserReport[]> {
  return querier.query(
    sql`SELECT report_id, event_id, name, email, comments, toUnixTimestamp(timestamp) AS ts FROM user_reports
        WHERE deleted = 0 AND project_id = ${projectId}
        ORDER BY timestamp DESC, report_id DESC LIMIT 1 BY report_id LIMIT ${page.offset}, ${page.limit}`,
    StoredUserReportSchema,
  );
}
