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
import { type Admissible, admissibleRecord, admit, rateLimitedResponse } from "../pkg/ingest/admit.ts";
import { recordClientDiscards } from "../pkg/ingest/client-report.ts";
import {
  type CountedItem,
  countItem,
  recordItems,
  recordOutcome,
  reject,
  UNREADABLE_ENVELOPE,
} from "../pkg/ingest/discard.ts";
import { forwardRecords } from "../pkg/ingest/event.ts";
import { applyInboundFilters } from "../pkg/ingest/inbound-filter.ts";
import { sortItems, type UnsupportedItemType, unsupportedReason } from "../pkg/ingest/items.ts";
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

  const body = await readRequestBody(c, services.limits.maxEnvelopeBytes, "too_large:envelope");
  if (!body.ok) throw reject(services, config, UNREADABLE_ENVELOPE, body.error, received);
  const envelope = parseEnvelope(body.value);
  if (!envelope.ok) {
    const error = new BreakwaterApiError({ code: "BAD_REQUEST", detail: describeEnvelopeError(envelope.error) });
    const reason = envelope.error.code === "empty" ? "no_data" : "invalid_envelope";
    throw reject(services, config, UNREADABLE_ENVELOPE, { reason, error }, received);
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

  const scope = {
    config,
    received,
    clientIp: c.req.header("cf-connecting-ip"),
    eventId: header.event_id,
    sentAt: header.sent_at,
  };
  // Everything is validated before anything is counted or queued: a 4xx never leaves half an envelope
  // behind, and every item of a refused envelope is counted `invalid` with the refusal's reason.
  const sorted = sortItems(items, scope, services.limits);
  if (!sorted.ok) {
    const counted = items.map(countItem).filter((i): i is CountedItem => i !== undefined);
    throw reject(services, config, counted, sorted.error, received);
  }
  const { records, unsupported, clientDiscards, badClientReports, unknown } = sorted.value;
  recordItems(services, config, unknown, "invalid", "unknown_item", received);
  recordClientDiscards(services, config, clientDiscards);

  const filterCtx = { clientIp: scope.clientIp, userAgent: c.req.header("user-agent") };
  const kept = applyInboundFilters(services, config, records, filterCtx, received);
  const admissible: Admissible<IngestRecord | UnsupportedItemType>[] = [...kept.map(admissibleRecord), ...unsupported];
  const admission = await admit(services, config, admissible, received);
  const accepted: IngestRecord[] = [];
  for (const entry of admission.accepted) {
    if (typeof entry.value === "string") {
      // No storage for this item type yet: counted and rate limited above, dropped here (temporary).
      recordOutcome(
        services,
        config,
        "filtered",
        unsupportedReason(entry.value),
        entry.category,
        entry.quantity,
        received,
      );
    } else accepted.push(entry.value);
  }
  await forwardRecords(services, config, scrubRecords(config, accepted), received);
  if (unknown.length > 0 || badClientReports.length > 0) {
    const unknownTypes = [...new Set(unknown.map((u) => u.type))];
    services.logger.info("envelope items dropped", { projectId, unknownTypes, badClientReports, client: auth?.client });
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
