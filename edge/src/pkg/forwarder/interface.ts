/**
 * @module
 * Durable hand-off of accepted events. When `forward` resolves `ok`, the event is stored somewhere
 * that survives the isolate (DESIGN 1: an event answered 200 is never lost).
 */
import type { Result } from "@breakwater/core/protocol";
import type { IngestRecord } from "@breakwater/core/schema";

/** Why an event could not be handed off; `serialize` is the event's fault (400), the rest are 503. */
export type ForwardError =
  | { code: "serialize"; detail: string }
  | { code: "blob_store"; detail: string }
  | { code: "queue"; detail: string };

/** How the event travelled. */
export type ForwardReceipt = { via: "inline"; bytes: number } | { via: "blob"; bytes: number; key: string };

/** Hands accepted events to the backend's ingest path. */
export interface EventForwarder {
  forward(record: IngestRecord): Promise<Result<ForwardReceipt, ForwardError>>;
}
