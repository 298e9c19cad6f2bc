/**
 * @module
 * Event attachments in Sentry's shape (`EventAttachmentSerializer`). Ids are Breakwater's 32-hex
 * attachment ids (Sentry's are numbers); `sha1` is null, as the bytes arrive in chunks and no
 * digest is kept.
 * @see https://docs.sentry.io/api/events/list-an-events-attachments/
 */
import type { StoredAttachment } from "../clickhouse/attachments.ts";

/** Sentry's attachment JSON. */
export interface AttachmentJson {
  id: string;
  event_id: string;
  type: string;
  name: string;
  mimetype: string;
  size: number;
  sha1: null;
  dateCreated: string;
  headers: { "Content-Type": string };
}

/** Serializes one attachment's metadata. */
export function serializeAttachment(a: StoredAttachment): AttachmentJson {
  return {
    id: a.id,
    event_id: a.eventId,
    type: a.type,
    name: a.name,
    mimetype: a.contentType,
    size: a.size,
    sha1: null,
    dateCreated: new Date(a.created * 1000).toISOString(),
    headers: { "Content-Type": a.contentType },
  };
}
