/**
 * @module
 * `POST /api/:projectId/envelope/`: the endpoint every current Sentry SDK posts to.
 * @see https://develop.sentry.dev/sdk/data-model/envelopes/
 */
import { type EnvelopeError, parseEnvelope } from "@breakwater/core/protocol";
import type { IngestRecord } from "@breakwater/core/schema";
import { authFromDsn } from "../pkg/auth/extract.ts";
import { BreakwaterApiError } from "../pkg/errors/http.ts";
import type { App, Context } from "../pkg/hono/app.ts";
import { admitRecords, rateLimitedResponse, recordAccepted, recordOutcome } from "../pkg/ingest/admit.ts";
import { forwardRecords, prepareEvent } from "../pkg/ingest/event.ts";
import { applyInboundFilters } from "../pkg/ingest/inbound-filter.ts";
import {
  authError,
  authenticate,
  enforceContentLength,
  missingAuth,
  readRequestBody,
  requestAuth,
} from "../pkg/ingest/request.ts";
import { scrubRecords } from "../pkg/ingest/scrub.ts";

/** The answer: the event's id, or `{}` for an envelope without an event. */
export type EnvelopeResponse = { id: string } | Record<string, never>;

function describeEnvelopeError(error: EnvelopeError): string {
  switch (error.code) {
    case "empty":
      return "empty envelope";
    case "invalid_header":
      return `invalid envelope header: ${error.detail}`;
    case "invalid_item_header":
      return `invalid header of item ${error.index}: ${error.detail}`;
    case "truncated_item":
      return `item ${error.index} declares ${error.expected} bytes, ${error.available} present`;
    case "too_many_items":
      return `more than ${error.limit} items`;
  }
}

async function handleEnvelope(c: Context): Promise<Response> {
  const { services } = c.var;
  const received = services.now() / 1000;
  const projectId = Number(c.req.param("projectId"));
  enforceContentLength(c);

  // Authenticate before reading the body when we can, so refused requests cost no decompression.
  let auth = requestAuth(c);
  let config = auth ? await authenticate(c, auth, projectId) : undefined;

  const body = await readRequestBody(c, services.limits.maxEnvelopeBytes);
  const envelope = parseEnvelope(body);
  if (!envelope.ok) {
    throw new BreakwaterApiError({ code: "BAD_REQUEST", detail: describeEnvelopeError(envelope.error) });
  }
  const { header, items } = envelope.value;

  if (config === undefined) {
    // The envelope's dsn counts only when the request itself carries no credentials.
    if (header.dsn === undefined) throw missingAuth();
    const fromDsn = authFromDsn(header.dsn);
    if (!fromDsn.ok) throw authError(fromDsn.error);
    auth = fromDsn.value;
    config = await authenticate(c, auth, projectId);
  }

  const records: IngestRecord[] = [];
  const dropped: Record<string, number> = {};
  const scope = {
    config,
    received,
    clientIp: c.req.header("cf-connecting-ip"),
    eventId: header.event_id,
    sentAt: header.sent_at,
  };
  for (const item of items) {
    if (item.header.type !== "event") {
      // Sessions, transactions, attachments...: counted and dropped until their pipelines exist.
      dropped[item.header.type] = (dropped[item.header.type] ?? 0) + 1;
      continue;
    }
    if (item.payload.byteLength > services.limits.maxEventBytes) {
      recordOutcome(services, config, "invalid", "too_large:event", "error", 1, received);
      throw new BreakwaterApiError({
        code: "PAYLOAD_TOO_LARGE",
        detail: `event exceeds ${services.limits.maxEventBytes} bytes`,
      });
    }
    records.push(prepareEvent(item.payload, scope));
  }
  // Everything is validated before anything is queued: a 4xx never leaves half an envelope behind.
  const filterCtx = { clientIp: scope.clientIp, userAgent: c.req.header("user-agent") };
  const kept = applyInboundFilters(services, config, records, filterCtx, received);
  const admission = await admitRecords(services, config, kept, received);
  await forwardRecords(services, scrubRecords(config, admission.accepted));
  recordAccepted(services, config, admission.accepted, received);
  if (Object.keys(dropped).length > 0) {
    services.logger.info("envelope items dropped", { projectId, dropped, client: auth?.client });
  }
  // A partly limited envelope still answers 429 so the SDK backs off; the accepted items are queued.
  if (admission.limits.length > 0) return rateLimitedResponse(c, admission.limits);
  const [first] = records;
  const response: EnvelopeResponse = first ? { id: first.event.event_id } : {};
  return c.json(response);
}

/** Registers the envelope endpoint, with and without its trailing slash. */
export function registerEnvelope(app: App): void {
  app.post("/api/:projectId{[0-9]+}/envelope/", handleEnvelope);
  app.post("/api/:projectId{[0-9]+}/envelope", handleEnvelope);
}
