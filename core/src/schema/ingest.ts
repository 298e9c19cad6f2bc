/**
 * @module
 * The edge → backend ingest record (DESIGN 3.2): one normalized event with its routing facts. The
 * body of `POST /internal/ingest` is gzip NDJSON of these. Idempotent by `event.event_id`.
 */
import { z } from "zod";
import { EventSchema } from "./event.ts";

export const IngestRecordSchema = z.object({
  project_id: z.number().int().positive(),
  key_id: z.number().int().positive(),
  /** Unix seconds (fractional) when the edge received the event. */
  received: z.number(),
  event: EventSchema,
});
export type IngestRecord = z.infer<typeof IngestRecordSchema>;

/** The backend's answer to an ingest batch. */
export const IngestResponseSchema = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});
export type IngestResponse = z.infer<typeof IngestResponseSchema>;
