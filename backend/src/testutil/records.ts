/**
 * @module
 * Test fixtures: ingest records built through the real schemas, so tests cannot use shapes the edge
 * never sends.
 */
import { randomBytes } from "node:crypto";
import {
  ATTACHMENT_CHUNK_BYTES,
  type AttachmentRecord,
  AttachmentRecordSchema,
  type EventRecord,
  EventRecordSchema,
  type IngestRecord,
  type SessionCounts,
  type SessionRecord,
  SessionRecordSchema,
  type TransactionRecord,
  TransactionRecordSchema,
} from "@breakwater/core/schema";

/** A fresh random event id. */
export const newEventId = (): string => randomBytes(16).toString("hex");

/** Options of `errorRecord`. */
export interface ErrorRecordOptions {
  type?: string;
  value?: string;
  /** In-app function names, outermost first; they decide the grouping hash. */
  functions?: string[];
  eventId?: string;
  /** Unix seconds. */
  timestamp?: number;
  projectId?: number;
  user?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

/** An error event record with an in-app stack trace. */
export function errorRecord(o: ErrorRecordOptions = {}): EventRecord {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000) - 60;
  const frames = (o.functions ?? ["main", "handler"]).map((fn, i) => ({
    filename: "src/app.js",
    abs_path: "/srv/app/src/app.js",
    function: fn,
    lineno: 10 + i,
    colno: 5,
    in_app: true,
    pre_context: ["// before"],
    context_line: `  ${fn}();`,
    post_context: ["// after"],
  }));
  return EventRecordSchema.parse({
    kind: "event",
    project_id: o.projectId ?? 1,
    key_id: 1,
    received: timestamp + 0.5,
    event: {
      event_id: o.eventId ?? newEventId(),
      timestamp,
      received: timestamp + 0.5,
      platform: "node",
      level: "error",
      environment: "production",
      release: "app@1.0.0",
      tags: [["browser", "Firefox"]],
      user: o.user ?? { id: "42", email: "jane@example.com" },
      sdk: { name: "sentry.javascript.node", version: "8.0.0" },
      exception: {
        values: [
          {
            type: o.type ?? "TypeError",
            value: o.value ?? "x is undefined",
            mechanism: { type: "onunhandledrejection", handled: false },
            stacktrace: { frames },
          },
        ],
      },
      breadcrumbs: { values: [{ timestamp: timestamp - 1, category: "http", message: "GET /api" }] },
      request: { url: "https://app.example.com/checkout", method: "POST", headers: { "User-Agent": "test" } },
      ...(o.extra ?? {}),
    },
  });
}

/** A message event record (no exception). */
export function messageRecord(message: string, eventId = newEventId()): EventRecord {
  const timestamp = Math.floor(Date.now() / 1000) - 30;
  return EventRecordSchema.parse({
    kind: "event",
    project_id: 1,
    key_id: 1,
    received: timestamp,
    event: {
      event_id: eventId,
      timestamp,
      received: timestamp,
      platform: "python",
      level: "info",
      logentry: { formatted: message },
    },
  });
}

/** A transaction record: `name`, 1.5 s long, ending a minute ago, with one span and an LCP. */
export function transactionRecord(o: { name?: string; eventId?: string; projectId?: number } = {}): TransactionRecord {
  const timestamp = Math.floor(Date.now() / 1000) - 60;
  return TransactionRecordSchema.parse({
    kind: "transaction",
    project_id: o.projectId ?? 1,
    key_id: 1,
    received: timestamp + 1,
    event: {
      event_id: o.eventId ?? newEventId(),
      type: "transaction",
      transaction: o.name ?? "GET /checkout",
      start_timestamp: timestamp - 1.5,
      timestamp,
      received: timestamp + 1,
      platform: "node",
      level: "info",
      environment: "production",
      release: "app@1.0.0",
      tags: [["route", "checkout"]],
      user: { id: "42" },
      contexts: {
        trace: {
          trace_id: randomBytes(16).toString("hex"),
          span_id: "b0e6f15b45c36b12",
          op: "http.server",
          status: "ok",
        },
      },
      spans: [{ span_id: "a0e6f15b45c36b12", op: "db", description: "SELECT 1" }],
      measurements: { lcp: { value: 1234.5, unit: "millisecond" } },
    },
  });
}

/** The chunk records of one attachment, cut as the edge cuts them. */
export function attachmentRecords(
  bytes: Uint8Array,
  o: { eventId: string; name?: string; contentType?: string; projectId?: number },
): AttachmentRecord[] {
  const attachmentId = randomBytes(16).toString("hex");
  const count = Math.max(1, Math.ceil(bytes.byteLength / ATTACHMENT_CHUNK_BYTES));
  const received = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) =>
    AttachmentRecordSchema.parse({
      kind: "attachment",
      project_id: o.projectId ?? 1,
      key_id: 1,
      received,
      attachment: {
        event_id: o.eventId,
        attachment_id: attachmentId,
        name: o.name ?? "log.txt",
        content_type: o.contentType ?? "text/plain",
        attachment_type: "event.attachment",
        size: bytes.byteLength,
        chunk_index: i,
        chunk_count: count,
        data: Buffer.from(bytes.subarray(i * ATTACHMENT_CHUNK_BYTES, (i + 1) * ATTACHMENT_CHUNK_BYTES)).toString(
          "base64",
        ),
      },
    }),
  );
}

/** A session-counts record; `started` defaults to the start of the current minute. */
export function sessionRecord(counts: Partial<SessionCounts> = {}, projectId = 1): SessionRecord {
  const now = Math.floor(Date.now() / 1000);
  return SessionRecordSchema.parse({
    kind: "session",
    project_id: projectId,
    key_id: 1,
    received: now,
    session: {
      release: "app@1.0.0",
      environment: "production",
      started: Math.floor(now / 60) * 60,
      sessions: 0,
      errored: 0,
      crashed: 0,
      abnormal: 0,
      ...counts,
    },
  });
}

/** NDJSON body of `records`. */
export function ndjson(records: readonly IngestRecord[]): string {
  return `${records.map((r) => JSON.stringify(r)).join("\n")}\n`;
}
