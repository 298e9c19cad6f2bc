/**
 * @module
 * One event payload's way from bytes to the queue: JSON, normalization, the ingest record, the
 * forwarder. Shared by the envelope and store endpoints.
 */
import { normalizeEvent } from "@breakwater/core/normalize";
import type { IngestRecord, ProjectConfig } from "@breakwater/core/schema";
import { BreakwaterApiError } from "../errors/http.ts";
import type { ServiceContext } from "../hono/env.ts";

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

/** Parses an event payload; 400 unless it is UTF-8 JSON with an object at the top. */
export function parseEventJson(payload: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(payload));
  } catch (e) {
    const cause = e instanceof Error ? e.message : String(e);
    throw new BreakwaterApiError({ code: "BAD_REQUEST", detail: "invalid event payload", causes: [cause] });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BreakwaterApiError({ code: "BAD_REQUEST", detail: "event payload must be a JSON object" });
  }
  return value as Record<string, unknown>;
}

/** Parses and normalizes one event payload into the record the backend ingests. */
export function prepareEvent(payload: Uint8Array, scope: EventScope): IngestRecord {
  const { received, eventId, clientIp, sentAt } = scope;
  const event = normalizeEvent(parseEventJson(payload), { received, eventId, clientIp, sentAt });
  return { project_id: scope.config.projectId, key_id: scope.config.keyId, received: scope.received, event };
}

/** Forwards records in order; resolves only once each is durably queued. 503 when that fails. */
export async function forwardRecords(services: ServiceContext, records: IngestRecord[]): Promise<void> {
  for (const record of records) {
    const sent = await services.forwarder.forward(record);
    if (sent.ok) continue;
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
}
