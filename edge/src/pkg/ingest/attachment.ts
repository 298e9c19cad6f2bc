/**
 * @module
 * Attachments at the edge: an `attachment` item becomes ingest records of kind `attachment`, one per
 * {@link ATTACHMENT_CHUNK_BYTES} chunk, each small enough for a queue message inline and for a Kafka
 * message, so attachments travel the same durable path as events and are stored as rows (the
 * backend's `attachments` table). Contents are not scrubbed, as Relay leaves attachments alone unless
 * a rule names them: they are files, not fields.
 * @see https://develop.sentry.dev/sdk/data-model/envelope-items/#attachment
 */
import type { EnvelopeItem } from "@breakwater/core/protocol";
import {
  ATTACHMENT_CHUNK_BYTES,
  type AttachmentRecord,
  DEFAULT_ATTACHMENT_TYPE,
  type ProjectConfig,
} from "@breakwater/core/schema";

/** Longest attachment name kept, characters (Sentry's file name column is 256). */
export const MAX_ATTACHMENT_NAME_CHARS = 256;

/** An attachment item waiting for its event's fate before it is admitted. */
export interface PendingAttachment {
  item: EnvelopeItem;
  bytes: number;
}

/** Base64 of `bytes`, through `btoa` in slices (spreading a large array into fromCharCode overflows). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const slice = 0x2000;
  for (let i = 0; i < bytes.byteLength; i += slice) {
    binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  }
  return btoa(binary);
}

function headerString(value: unknown, fallback: string, max = MAX_ATTACHMENT_NAME_CHARS): string {
  return typeof value === "string" && value !== "" ? value.slice(0, max) : fallback;
}

/** A fresh 32-hex attachment id: chunks of one attachment share it, retries of a record keep it. */
function attachmentId(): string {
  return crypto.randomUUID().replace(/-/g, "");
}

/**
 * The chunk records of one attachment item.
 * @param eventId the event the attachment belongs to (the envelope's `event_id`)
 */
export function attachmentRecords(
  item: EnvelopeItem,
  eventId: string,
  config: ProjectConfig,
  received: number,
): AttachmentRecord[] {
  const { header, payload } = item;
  const meta = {
    event_id: eventId,
    attachment_id: attachmentId(),
    name: headerString(header.filename, "attachment"),
    content_type: headerString(header.content_type, "application/octet-stream", 200),
    attachment_type: headerString(header.attachment_type, DEFAULT_ATTACHMENT_TYPE, 64),
    size: payload.byteLength,
  };
  const chunkCount = Math.max(1, Math.ceil(payload.byteLength / ATTACHMENT_CHUNK_BYTES));
  const records: AttachmentRecord[] = [];
  for (let index = 0; index < chunkCount; index++) {
    const chunk = payload.subarray(index * ATTACHMENT_CHUNK_BYTES, (index + 1) * ATTACHMENT_CHUNK_BYTES);
    records.push({
      kind: "attachment",
      project_id: config.projectId,
      key_id: config.keyId,
      received,
      attachment: { ...meta, chunk_index: index, chunk_count: chunkCount, data: toBase64(chunk) },
    });
  }
  return records;
}
