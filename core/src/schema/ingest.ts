/**
 * @module
 * The edge → backend ingest record (DESIGN 3.2): one normalized item with its routing facts. The
 * body of `POST /internal/ingest` is gzip NDJSON of these; queue messages and Kafka messages carry
 * them too. `kind` says what the record holds:
 * - `event`: a normalized error event; idempotent by `event.event_id`;
 * - `transaction`: a normalized transaction; idempotent by `event.event_id`;
 * - `attachment`: one chunk of an attachment; idempotent by (event id, attachment id, chunk);
 * - `session`: release-health counts to add up; at least once (a retried batch counts twice);
 * - `user_report`: user feedback about an event; idempotent by report id.
 * A record without `kind` is an event (records from an edge that predates the other kinds).
 */
import { z } from "zod";
import { AttachmentChunkSchema } from "./attachment.ts";
import { EventSchema } from "./event.ts";
import { SessionCountsSchema } from "./session.ts";
import { TransactionSchema } from "./transaction.ts";
import { UserReportSchema } from "./user-report.ts";

const routing = {
  project_id: z.number().int().positive(),
  key_id: z.number().int().positive(),
  /** Unix seconds (fractional) when the edge received the item. */
  received: z.number(),
};

export const EventRecordSchema = z.object({ kind: z.literal("event"), ...routing, event: EventSchema });
export type EventRecord = z.infer<typeof EventRecordSchema>;

export const TransactionRecordSchema = z.object({
  kind: z.literal("transaction"),
  ...routing,
  event: TransactionSchema,
});
export type TransactionRecord = z.infer<typeof TransactionRecordSchema>;

export const AttachmentRecordSchema = z.object({
  kind: z.literal("attachment"),
  ...routing,
  attachment: AttachmentChunkSchema,
});
export type AttachmentRecord = z.infer<typeof AttachmentRecordSchema>;

export const SessionRecordSchema = z.object({ kind: z.literal("session"), ...routing, session: SessionCountsSchema });
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

export const UserReportRecordSchema = z.object({
  kind: z.literal("user_report"),
  ...routing,
  user_report: UserReportSchema,
});
export type UserReportRecord = z.infer<typeof UserReportRecordSchema>;

/** Every record kind, discriminated by `kind`; a record without one is read as an event. */
export const IngestRecordSchema = z.preprocess(
  (v) => (typeof v === "object" && v !== null && !Array.isArray(v) && !("kind" in v) ? { ...v, kind: "event" } : v),
  z.discriminatedUnion("kind", [
    EventRecordSchema,
    TransactionRecordSchema,
    AttachmentRecordSchema,
    SessionRecordSchema,
    UserReportRecordSchema,
  ]),
);
export type IngestRecord = z.infer<typeof IngestRecordSchema>;
export type IngestRecordKind = IngestRecord["kind"];

/**
 * What makes a record a duplicate of another: the same key means the same item, sent twice (SDK or
 * edge retries). `undefined` for session counts, which are added up and have no identity.
 * @example recordKey(eventRecord) // "event:1:9ec79c33ec9942ab8353589fcb2e04dc"
 */
export function recordKey(record: IngestRecord): string | undefined {
  switch (record.kind) {
    case "event":
    case "transaction":
      return `${record.kind}:${record.project_id}:${record.event.event_id}`;
    case "attachment": {
      const a = record.attachment;
      return `attachment:${record.project_id}:${a.event_id}:${a.attachment_id}:${a.chunk_index}`;
    }
    case "user_report":
      return `user_report:${record.project_id}:${record.user_report.report_id}`;
    case "session":
      return undefined;
  }
}

/** The backend's answer to an ingest batch. */
export const IngestResponseSchema = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});
export type IngestResponse = z.infer<typeof IngestResponseSchema>;
