/**
 * @module
 * Drops and their outcomes. Every item the edge drops once it knows the key is counted with an
 * outcome and a reason (DESIGN 1, STYLE d): `invalid` with Relay's `DiscardReason` names, `filtered`,
 * `rate_limited`, `client_discard`. A drop that ends the request is a {@link Rejection}: the reason the
 * outcomes carry and the HTTP error the SDK gets, recorded for every item the request carried.
 * @see https://github.com/getsentry/relay/blob/master/relay-server/src/services/outcome.rs (DiscardReason)
 */
import type { EnvelopeItem } from "@breakwater/core/protocol";
import { categoryForItem, type DataCategory } from "@breakwater/core/quotas";
import type { OutcomeKind, ProjectConfig } from "@breakwater/core/schema";
import type { BreakwaterApiError } from "../errors/http.ts";
import type { ServiceContext } from "../hono/env.ts";

/**
 * Why items were discarded as `invalid`: Relay's names where they exist. `too_large:<item type>` names
 * the item type whose limit was passed (`envelope` for the whole body); `unknown_item` is an item type
 * the edge does not know; `invalid_transaction`, `invalid_session` and `invalid_user_report` drop one
 * item that is JSON but not a valid transaction, session or user report (no event id, no comments); `no_event_id` an attachment in an envelope without an event id.
 */
export type DiscardReason =
  | "invalid_json"
  | "invalid_envelope"
  | "invalid_compression"
  | "payload"
  | "no_data"
  | "unknown_item"
  | "internal"
  | "invalid_transaction"
  | "invalid_session"
  | "invalid_user_report"
  | "no_event_id"
  | `too_large:${string}`;

/** An item as outcomes count it: its category and quantity (bytes for attachments, else 1). */
export interface CountedItem {
  category: DataCategory;
  quantity: number;
}

/** A drop that ends the request: what the outcomes say, and what the SDK is answered. */
export interface Rejection {
  reason: DiscardReason;
  error: BreakwaterApiError;
}

/** What a request counts as when its items cannot be known (an unreadable envelope): one `default` item. */
export const UNREADABLE_ENVELOPE: readonly CountedItem[] = [{ category: "default", quantity: 1 }];
/** What a store request counts as before its event is parsed: one `error`. */
export const UNREAD_STORE_EVENT: readonly CountedItem[] = [{ category: "error", quantity: 1 }];

/**
 * How an envelope item counts before its payload is parsed; `undefined` for client reports, which are
 * never counted (they are the SDK's own outcomes). Event items count as `error` until parsed.
 */
export function countItem(item: EnvelopeItem): CountedItem | undefined {
  const category = categoryForItem(item.header.type);
  if (category === undefined) return undefined;
  return { category, quantity: category === "attachment" ? item.payload.byteLength : 1 };
}

/** Counts an outcome for items sent with this config's key. */
export function recordOutcome(
  services: ServiceContext,
  config: ProjectConfig,
  outcome: OutcomeKind,
  reason: string | null,
  category: DataCategory,
  quantity: number,
  now: number,
): void {
  services.outcomes.record(
    {
      org_id: config.organizationId,
      project_id: config.projectId,
      key_id: config.keyId,
      outcome,
      reason,
      category,
      quantity,
    },
    now,
  );
}

/** Records one outcome per category for `items` (quantities summed). */
export function recordItems(
  services: ServiceContext,
  config: ProjectConfig,
  items: readonly CountedItem[],
  outcome: OutcomeKind,
  reason: string | null,
  now: number,
): void {
  const perCategory = new Map<DataCategory, number>();
  for (const { category, quantity } of items) perCategory.set(category, (perCategory.get(category) ?? 0) + quantity);
  for (const [category, quantity] of perCategory) {
    recordOutcome(services, config, outcome, reason, category, quantity, now);
  }
}

/**
 * Records `invalid` outcomes for every item of a rejected request (when the key is known) and returns
 * the error to throw.
 * @param config `undefined` while the key is unknown: nothing can be attributed, so nothing is counted
 */
export function reject(
  services: ServiceContext,
  config: ProjectConfig | undefined,
  items: readonly CountedItem[],
  rejection: Rejection,
  now: number,
): BreakwaterApiError {
  if (config) recordItems(services, config, items, "invalid", rejection.reason, now);
  return rejection.error;
}
