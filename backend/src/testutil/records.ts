/**
 * @module
 * Test fixtures: ingest records built through the real schemas, so tests cannot use shapes the edge
 * never sends.
 */
import { randomBytes } from "node:crypto";
import { type IngestRecord, IngestRecordSchema } from "@breakwater/core/schema";

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
export function errorRecord(o: ErrorRecordOptions = {}): IngestRecord {
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
  return IngestRecordSchema.parse({
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
export function messageRecord(message: string, eventId = newEventId()): IngestRecord {
  const timestamp = Math.floor(Date.now() / 1000) - 30;
  return IngestRecordSchema.parse({
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

/** NDJSON body of `records`. */
export function ndjson(records: readonly IngestRecord[]): string {
  return `${records.map((r) => JSON.stringify(r)).join("\n")}\n`;
}
