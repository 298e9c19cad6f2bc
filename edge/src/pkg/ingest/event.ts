/**
 * @module
 * One event payload's way from bytes to the queue: JSON, normalization, the ingest record, the
 * forwarder. Shared by the envelope and store endpoints.
 */
import { normalizeEvent } from "@breakwater/core/normalize";
import { err, ok, type Result } from "@breakwater/core/protocol";
import type { IngestRecord, ProjectConfig } from "@breakwater/core/schema";
import { BreakwaterApiError } from "../errors/http.ts";
import type { ServiceContext } from "../hono/env.ts";
import { admissibleRecord, recordAccepted } from "./admit.ts";
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
export function prepareEvent(payload: Uint8Array, scope: EventScope): Result<IngestRecord, Rejection> {
  const parsed = parseJsonObject(payload, "event");
  if (!parsed.ok) return parsed;
  const { received, eventId, clientIp, sentAt } = scope;
  const event = normalizeEvent(parsed.value, { received, eventId, clientIp, sentAt });
  return ok({ project_id: scope.config.projectId, key_id: scope.config.keyId, received: scope.received, event });
}

/**
 * Forwards records in order; resolves only once each is durably queued. Queued records are counted as
 * `accepted`; when the forwarder fails, the records not queued are counted `invalid` with reason
 * `internal` (Relay's outcome for a failed queue) and the request fails: 503, or 400 for a record that
 * cannot be serialized.
 */
export async function forwardRecords(
  services: ServiceContext,
  config: ProjectConfig,
  records: readonly IngestRecord[],
  now: number,
): Promise<void> {
  for (const [index, record] of records.entries()) {
    const sent = await services.forwarder.forward(record);
    if (sent.ok) continue;
    recordAccepted(services, config, records.slice(0, index), now);
    recordItems(services, config, records.slice(index).map(admissibleRecord), "invalid", "internal", now);
    const { code, detail } = sent.error;
    services.logger.error("forwarding failed", { code, detail, eventId: record.event.event_id });
    if (code === "serialize") {
      throw new BreakwaterApiError({ code: "BAD_REQUEST", detail: "event cannot be serialized", causes: [detail] });
    }
    throw new BreakwaterApiError({
      code: "SERVICE_UNAVAILABLE",
      detail: "event could not be queued",
      causes: [detail],
    });
  }
  recordAccepted(services, config, records, now);
}
