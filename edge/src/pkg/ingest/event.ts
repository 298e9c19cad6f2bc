/**
 * @module
 * One event payload's way from bytes to the queue: JSON, normalization, the ingest record, the
 * forwarder (which takes every item kind). Shared by the envelope and store endpoints.
 */
import { normalizeEvent } from "@breakwater/core/normalize";
import { err, ok, type Result } from "@breakwater/core/protocol";
import type { EventRecord, IngestRecord, ProjectConfig } from "@breakwater/core/schema";
import { BreakwaterApiError } from "../errors/http.ts";
import type { ForwardError } from "../forwarder/interface.ts";
import type { ServiceContext } from "../hono/env.ts";
import type { Admissible } from "./admit.ts";
import { type Rejection, recordItems } from "./discard.ts";

/** What the request knows about the events it carries. */
export interface EventScope {
  config: ProjectConfig;
  /** Unix seconds when the request arrived. */
  received: number;
  clientIp?: string;
  /** The envelope header's `event_id` and `sent_at`, when the event came in an envelope. */
  eventId?: string;
  sentAt?: string;
}

// `ignoreBOM` spelled out: workers-types declares both options required.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Parses a JSON item payload that must be an object (events, transactions, sessions, ...).
 * @param what names the payload in the error detail (`event`, `transaction`, ...)
 * @returns the object, or a 400 rejection with reason `invalid_json`
 */
export function parseJsonObject(payload: Uint8Array, what: string): Result<Record<string, unknown>, Rejection> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(payload));
  } catch (e) {
    const cause = e instanceof Error ? e.message : String(e);
    const error = new BreakwaterApiError({ code: "BAD_REQUEST", detail: `invalid ${what} payload`, causes: [cause] });
    return err({ reason: "invalid_json", error });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const error = new BreakwaterApiError({ code: "BAD_REQUEST", detail: `${what} payload must be a JSON object` });
    return err({ reason: "invalid_json", error });
  }
  return ok(value as Record<string, unknown>);
}

/** Parses and normalizes one event payload into the record the backend ingests. */
export function prepareEvent(payload: Uint8Array, scope: EventScope): Result<EventRecord, Rejection> {
  const parsed = parseJsonObject(payload, "event");
  if (!parsed.ok) return parsed;
  const { received, eventId, clientIp, sentAt } = scope;
  const event = normalizeEvent(parsed.value, { received, eventId, clientIp, sentAt });
  return ok({ kind: "event", project_id: scope.config.projectId, key_id: scope.config.keyId, received, event });
}

/** Records forwarded at a time per request: an attachment is many chunk records. */
const FORWARD_CONCURRENCY = 8;

/** A record's id for logs. */
function recordLabel(record: IngestRecord): string {
  switch (record.kind) {
    case "event":
    case "transaction":
      return record.event.event_id;
    case "attachment":
      return `${record.attachment.event_id}/${record.attachment.attachment_id}#${record.attachment.chunk_index}`;
    case "session":
      return `session:${record.session.release}`;
    case "user_report":
      return `user_report:${record.user_report.report_id}`;
  }
}

/**
 * Forwards accepted items; resolves only once every record is durably queued. An item (an event, a
 * transaction, the chunks of an attachment, the counts of a session item) is counted as `accepted`
 * when all its records are queued; when the forwarder fails, the items not fully queued are counted
 * `invalid` with reason `internal` (Relay's outcome for a failed queue) and the request fails: 503,
 * or 400 for a record that cannot be serialized.
 */
export async function forwardItems(
  services: ServiceContext,
  config: ProjectConfig,
  items: readonly Admissible<readonly IngestRecord[]>[],
  now: number,
): Promise<void> {
  const jobs = items.flatMap((item, index) => item.value.map((record) => ({ index, record })));
  const failedItems = new Set<number>();
  let failure: ForwardError | undefined;
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      if (job === undefined) break;
      if (failure !== undefined) {
        failedItems.add(job.index);
        continue;
      }
      const sent = await services.forwarder.forward(job.record);
      if (sent.ok) continue;
      failedItems.add(job.index);
      if (failure === undefined || sent.error.code === "serialize") failure = sent.error;
      services.logger.error("forwarding failed", { ...sent.error, record: recordLabel(job.record) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(FORWARD_CONCURRENCY, jobs.length) }, worker));
  recordItems(
    services,
    config,
    items.filter((_, i) => !failedItems.has(i)),
    "accepted",
    null,
    now,
  );
  if (failure === undefined) return;
  recordItems(
    services,
    config,
    items.filter((_, i) => failedItems.has(i)),
    "invalid",
    "internal",
    now,
  );
  if (failure.code === "serialize") {
    throw new BreakwaterApiError({
      code: "BAD_REQUEST",
      detail: "event cannot be serialized",
      causes: [failure.detail],
    });
  }
  throw new BreakwaterApiError({
    code: "SERVICE_UNAVAILABLE",
    detail: "event could not be queued",
    causes: [failure.detail],
  });
}
