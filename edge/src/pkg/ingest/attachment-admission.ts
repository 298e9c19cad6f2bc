/**
 * @module
 * Attachments follow their event, as in Relay: when the envelope's event was filtered they are
 * filtered with the same reason, when it was rate limited they are rate limited too, and without an
 * event id they cannot be attached to anything (`invalid` / `no_event_id`). Otherwise they pass the
 * rate limiter on their own, by bytes in category `attachment`: an attachment over quota is dropped
 * while its event is kept.
 */
import type { RateLimit } from "@breakwater/core/protocol";
import type { IngestRecord, ProjectConfig } from "@breakwater/core/schema";
import type { ServiceContext } from "../hono/env.ts";
import { type Admissible, admit, eventCategory } from "./admit.ts";
import { attachmentRecords, type PendingAttachment } from "./attachment.ts";
import { recordItems } from "./discard.ts";
import type { EventLikeRecord } from "./items.ts";

/** What is known about the envelope's event when its attachments are admitted. */
export interface AttachmentContext {
  /** The event the attachments belong to: the envelope header's `event_id`, else its first event's. */
  eventId: string | undefined;
  /** Filter reasons of dropped events, by event id. */
  filtered: ReadonlyMap<string, string>;
  /** Every event and transaction the envelope carried, before filters and rate limits. */
  sent: readonly EventLikeRecord[];
  /** Events and transactions the rate limiter accepted. */
  accepted: readonly EventLikeRecord[];
  /** Limits that refused items of the envelope. */
  limits: readonly RateLimit[];
  received: number;
}

/** The attachment chunk records to forward (one entry per attachment), and the limits that refused some. */
export async function admitAttachments(
  services: ServiceContext,
  config: ProjectConfig,
  attachments: readonly PendingAttachment[],
  ctx: AttachmentContext,
): Promise<{ accepted: Admissible<readonly IngestRecord[]>[]; limits: RateLimit[] }> {
  if (attachments.length === 0) return { accepted: [], limits: [] };
  const counted = attachments.map((a) => ({ category: "attachment" as const, quantity: a.bytes }));
  const { eventId, received } = ctx;
  if (eventId === undefined) {
    recordItems(services, config, counted, "invalid", "no_event_id", received);
    return { accepted: [], limits: [] };
  }
  const filterReason = ctx.filtered.get(eventId);
  if (filterReason !== undefined) {
    recordItems(services, config, counted, "filtered", filterReason, received);
    return { accepted: [], limits: [] };
  }
  // The event was in the envelope, passed the filters and is not among the accepted: rate limited,
  // by the limit on its category. (Attachments sent without their event are admitted on their own.)
  const event = ctx.sent.find((r) => r.event.event_id === eventId);
  if (event !== undefined && !ctx.accepted.some((r) => r.event.event_id === eventId)) {
    const category = eventCategory(event);
    const limit = ctx.limits.find((l) => l.categories.length === 0 || l.categories.includes(category)) ?? ctx.limits[0];
    recordItems(services, config, counted, "rate_limited", limit?.reasonCode ?? null, received);
    return { accepted: [], limits: [] };
  }
  const admission = await admit(
    services,
    config,
    attachments.map((a) => ({ value: a, category: "attachment" as const, quantity: a.bytes })),
    received,
  );
  const accepted = admission.accepted.map(({ value, category, quantity }) => ({
    value: attachmentRecords(value.item, eventId, config, received),
    category,
    quantity,
  }));
  return { accepted, limits: admission.limits };
}
