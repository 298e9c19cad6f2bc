/**
 * @module
 * An attachment on its way to storage. Attachments may be 100 MiB, while a queue message is capped
 * at 128 KB and a Kafka message at 1 MiB, so the edge cuts each one into chunks of
 * {@link ATTACHMENT_CHUNK_BYTES} that travel as ordinary ingest records and are stored as rows; the
 * backend serves the bytes by concatenating the chunks in order.
 * @see https://develop.sentry.dev/sdk/data-model/envelope-items/#attachment
 */
import { z } from "zod";

/** Raw bytes per chunk: base64 makes ~87 KB of it, under the queue's inline limit with room to spare. */
export const ATTACHMENT_CHUNK_BYTES = 64 * 1024;

/** Sentry's attachment types (the item header's `attachment_type`). */
export const DEFAULT_ATTACHMENT_TYPE = "event.attachment";

/** One chunk of one attachment, with the attachment's metadata repeated on each. */
export const AttachmentChunkSchema = z.object({
  /** The event it belongs to (32 hex). */
  event_id: z.string().regex(/^[0-9a-f]{32}$/),
  /** Chosen by the edge (32 hex): unique per attachment, the same for all its chunks. */
  attachment_id: z.string().regex(/^[0-9a-f]{32}$/),
  name: z.string(),
  content_type: z.string(),
  attachment_type: z.string(),
  /** Size of the whole attachment, bytes. */
  size: z.number().int().nonnegative(),
  chunk_index: z.number().int().nonnegative(),
  chunk_count: z.number().int().positive(),
  /** This chunk's bytes, base64. */
  data: z.string(),
});
export type AttachmentChunk = z.infer<typeof AttachmentChunkSchema>;
