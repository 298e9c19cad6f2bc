/**
 * @module
 * Reads and writes of the `attachments` table: one row per chunk of an attachment (see migration 5).
 * An attachment is listed once all its chunks are stored; duplicates of a chunk (retries) count once.
 */
import { z } from "zod";
import { sql } from "./escape.ts";
import type { Inserter, Querier } from "./interface.ts";

/** One `attachments` row as inserted. */
export type AttachmentRow = {
  project_id: number;
  event_id: string;
  attachment_id: string;
  chunk_index: number;
  chunk_count: number;
  name: string;
  content_type: string;
  attachment_type: string;
  size: number;
  received: number;
  retention_days: number;
  deleted: 0 | 1;
  /** The chunk's bytes, base64. */
  data: string;
};

/** Inserts a batch of chunks in one JSONEachRow insert. */
export async function insertAttachments(inserter: Inserter, rows: readonly AttachmentRow[]): Promise<void> {
  await inserter.insertJsonEachRow("attachments", rows);
}

/** One complete attachment's metadata. */
export const StoredAttachmentSchema = z
  .object({
    attachment_id: z.string(),
    a_event_id: z.string(),
    a_name: z.string(),
    a_content_type: z.string(),
    a_type: z.string(),
    a_size: z.coerce.number(),
    created: z.coerce.number(),
  })
  .transform((r) => ({
    id: r.attachment_id,
    eventId: r.a_event_id,
    name: r.a_name,
    contentType: r.a_content_type,
    type: r.a_type,
    size: r.a_size,
    /** Unix seconds the edge received it. */
    created: r.created,
  }));
export type StoredAttachment = z.output<typeof StoredAttachmentSchema>;

/**
 * The complete attachments of an event (every chunk stored), oldest first.
 * @param attachmentId only this one, when given
 */
export async function listAttachments(
  querier: Querier,
  projectId: number,
  eventId: string,
  attachmentId?: string,
): Promise<StoredAttachment[]> {
  const only = attachmentId === undefined ? "" : sql` AND attachment_id = ${attachmentId}`;
  // Aliases differ from the column names: old servers reject `any(name) AS name` as cyclic.
  return querier.query(
    `SELECT attachment_id, any(event_id) AS a_event_id, any(name) AS a_name, any(content_type) AS a_content_type,
       any(attachment_type) AS a_type, any(size) AS a_size, toUnixTimestamp(min(received)) AS created,
       any(chunk_count) AS chunks_expected, uniqExact(chunk_index) AS chunks_stored
     FROM attachments
     WHERE ${sql`deleted = 0 AND project_id = ${projectId} AND event_id = ${eventId}`}${only}
     GROUP BY attachment_id
     HAVING chunks_stored = chunks_expected
     ORDER BY created, attachment_id`,
    StoredAttachmentSchema,
  );
}

const ChunkRowSchema = z.object({ idx: z.coerce.number(), chunk: z.string() });

/** The bytes of one attachment, or null when it is not (completely) stored. */
export async function attachmentBytes(
  querier: Querier,
  projectId: number,
  eventId: string,
  attachment: Pick<StoredAttachment, "id" | "size">,
): Promise<Uint8Array | null> {
  const rows = await querier.query(
    sql`SELECT chunk_index AS idx, any(data) AS chunk FROM attachments
        WHERE deleted = 0 AND project_id = ${projectId} AND event_id = ${eventId} AND attachment_id = ${attachment.id}
        GROUP BY chunk_index ORDER BY chunk_index`,
    ChunkRowSchema,
  );
  const bytes = Buffer.concat(rows.map((r) => Buffer.from(r.chunk, "base64")));
  if (bytes.byteLength !== attachment.size || rows.some((r, i) => r.idx !== i)) return null;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
