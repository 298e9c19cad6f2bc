/**
 * @module
 * `POST /api/:projectId/envelope/`: the endpoint every current Sentry SDK posts to.
 * @see https://develop.sentry.dev/sdk/data-model/envelopes/
 */

import { canonicalEventId } from "@breakwater/core/normalize";
import { type EnvelopeError, parseEnvelope } from "@breakwater/core/protocol";
import type { IngestRecord, SessionRecord, UserReportRecord } from "@breakwater/core/schema";
import { authFromDsn } from "../pkg/auth/extract.ts";
import { BreakwaterApiError } from "../pkg/errors/http.ts";
import type { App, Context } from "../pkg/hono/app.ts";
import {
  type Admissible,
  admissibleRecord,
  admit,
  asForwardable,
  mergeLimits,
  rateLimitedResponse,
} from "../pkg/ingest/admit.ts";
import { admitAttachments } from "../pkg/ingest/attachment-admission.ts";
import { recordClientDiscards } from "../pkg/ingest/client-report.ts";
import {
  type CountedItem,
  countItem,
  recordItems,
  recordOutcome,
  reject,
  UNREADABLE_ENVELOPE,
} from "../pkg/ingest/discard.ts";
import { forwardItems } from "../pkg/ingest/event.ts";
import { applyInboundFilters } from "../pkg/ingest/inbound-filter.ts";
import { type EventLikeRecord, sortItems, type UnsupportedItemType, unsupportedReason } from "../pkg/ingest/items.ts";
import {
  authError,
  authenticate,
  enforceContentLength,
  missingAuth,
  readRequestBody,
  requestAuth,
} from "../pkg/ingest/request.ts";
import { scrubRecords } from "../pkg/ingest/scrub.ts";

/** The answer: the event's (or transaction's) id, or `{}` for an envelope without one. */
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
  const { records, plain, attachments, unsupported, invalid, clientDiscards, badClientReports, unknown } = sorted.value;
  recordItems(services, config, unknown, "invalid", "unknown_item", received);
  for (const i of invalid) recordOutcome(services, config, "invalid", i.reason, i.category, i.quantity, received);
  recordClientDiscards(services, config, clientDiscards);

  const filterCtx = { clientIp: scope.clientIp, userAgent: c.req.header("user-agent") };
  const { kept, filtered } = applyInboundFilters(services, config, records, filterCtx, received);
  const admissible: Admissible<EventLikeRecord | (SessionRecord | UserReportRecord)[] | UnsupportedItemType>[] = [
    ...kept.map(admissibleRecord),
    ...plain,
    ...unsupported,
  ];
  const admission = await admit(services, config, admissible, received);
  const acceptedRecords: EventLikeRecord[] = [];
  const forwardable: Admissible<readonly IngestRecord[]>[] = [];
  for (const entry of admission.accepted) {
    const { value, category, quantity } = entry;
    if (typeof value === "string") {
      // Not stored: counted and rate limited above, dropped here.
      recordOutcome(services, config, "filtered", unsupportedReason(value), category, quantity, received);
    } else if (Array.isArray(value)) forwardable.push({ value, category, quantity });
    else acceptedRecords.push(value);
  }
  forwardable.push(...scrubRecords(config, acceptedRecords).map(admissibleRecord).map(asForwardable));
  const eventId = canonicalEventId(header.event_id) ?? records[0]?.event.event_id;
  const attached = await admitAttachments(services, config, attachments, {
    eventId,
    filtered,
    sent: records,
    accepted: acceptedRecords,
    limits: admission.limits,
    received,
  });
  forwardable.push(...attached.accepted);
  await forwardItems(services, config, forwardable, received);
  if (unknown.length > 0 || badClientReports.length > 0) {
    const unknownTypes = [...new Set(unknown.map((u) => u.type))];
    services.logger.info("envelope items dropped", { projectId, unknownTypes, badClientReports, client: auth?.client });
  }
  // A partly limited envelope still answers 429 so the SDK backs off; the accepted items are queued.
  const limits = mergeLimits([...admission.limits, ...attached.limits]);
  if (limits.length > 0) return rateLimitedResponse(c, limits);
  const response: EnvelopeResponse = eventId ? { id: eventId } : {};
  return c.json(response);
}

/** Registers the envelope endpoint, with and without its trailing slash. */
export function registerEnvelope(app: App): void {
  app.post("/api/:projectId{[0-9]+}/envelope/", handleEnvelope);
  app.post("/api/:projectId{[0-9]+}/envelope", handleEnvelope);
}
