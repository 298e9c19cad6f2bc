/**
 * @module
 * The pipeline for attachments: each chunk record becomes one `attachments` row (idempotent by
 * project, event, attachment and chunk).
 */
import type { AttachmentRecord } from "@breakwater/core/schema";
import type { AttachmentRow } from "../clickhouse/attachments.ts";
import { DEFAULT_RETENTION_DAYS } from "./event-row.ts";

/** Builds the `attachments` row of one chunk record. */
export function toAttachmentRow(record: AttachmentRecord): AttachmentRow {
  return {
    project_id: record.project_id,
    ...record.attachment,
    received: Math.floor(record.received),
    retention_days: DEFAULT_RETENTION_DAYS,
    deleted: 0,
  };
}
