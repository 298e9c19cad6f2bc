/**
 * @module
 * The pipeline for user feedback: one `user_reports` row per record.
 */
import type { UserReportRecord } from "@breakwater/core/schema";
import type { UserReportRow } from "../clickhouse/user-reports.ts";

/** Builds the `user_reports` row of one record. */
export function toUserReportRow(record: UserReportRecord): UserReportRow {
  const { timestamp, ...report } = record.user_report;
  return { project_id: record.project_id, ...report, timestamp: Math.floor(timestamp), deleted: 0 };
}
