/**
 * @module
 * The queue message between the edge's producer and its consumer. Cloudflare caps a message at
 * 128 KB, so a record whose JSON exceeds {@link MAX_INLINE_RECORD_BYTES} travels through R2 and the
 * message carries only its key (DESIGN 3.2). `v` versions the format: a consumer deployed before a
 * producer change must recognise what it cannot read.
 */
import { type IngestRecord, IngestRecordSchema, OutcomeSchema } from "@breakwater/core/schema";
import { z } from "zod";

/** Largest JSON-serialized record sent inline, in bytes (leaves headroom under the 128 KB cap). */
export const MAX_INLINE_RECORD_BYTES = 120_000;

/**
 * R2 keys of record blobs: `events/<project_id>/<event_id>.json`, `transactions/...` likewise, and
 * `<kind>s/<project_id>/<32 hex>[-<n>].json` for the other kinds (which normally travel inline).
 */
export const BLOB_KEY_PATTERN = /^(events|transactions|attachments|sessions)\/\d+\/[0-9a-f]{32}(-\d+)?\.json$/;

/** A record carried in the message itself. */
export const InlineMessageSchema = z.object({ v: z.literal(1), record: IngestRecordSchema });

/** A record stored in R2 under `blob`. */
export const BlobMessageSchema = z.object({ v: z.literal(1), blob: z.string().regex(BLOB_KEY_PATTERN) });

/** Aggregated outcomes on their way to `POST /internal/outcomes`. */
export const OutcomesMessageSchema = z.object({ v: z.literal(1), outcomes: z.array(OutcomeSchema).max(1_000) });
export type OutcomesMessage = z.infer<typeof OutcomesMessageSchema>;

/** Any queue message the consumer accepts. */
export const QueueMessageSchema = z.union([InlineMessageSchema, BlobMessageSchema, OutcomesMessageSchema]);
export type QueueMessage = z.infer<typeof QueueMessageSchema>;

/**
 * The R2 key for a record's blob. Keyed by the record's identity where it has one (event id; an
 * attachment's id and chunk), so a retried upload overwrites instead of duplicating.
 * @example blobKey(record) // "events/1/9ec79c33ec9942ab8353589fcb2e04dc.json"
 */
export function blobKey(record: IngestRecord): string {
  switch (record.kind) {
    case "event":
    case "transaction":
      return `${record.kind}s/${record.project_id}/${record.event.event_id}.json`;
    case "attachment":
      return `attachments/${record.project_id}/${record.attachment.attachment_id}-${record.attachment.chunk_index}.json`;
    case "user_report":
      return `user_reports/${record.project_id}/${record.user_report.report_id}.json`;
    case "session":
      return `sessions/${record.project_id}/${crypto.randomUUID().replace(/-/g, "")}.json`;
  }
}
