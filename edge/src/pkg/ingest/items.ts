/**
 * @module
 * An envelope's items, sorted by what the edge does with them:
 * - `event`, `transaction`: parsed, normalized, filtered, rate limited, scrubbed and forwarded
 *   (an invalid transaction is dropped alone: `invalid` / `invalid_transaction`);
 * - `session`, `sessions`: turned into release-health counts, rate limited (category `session`, one
 *   per item) and forwarded (an invalid one is dropped alone: `invalid` / `invalid_session`);
 * - `attachment`: kept aside until the fate of the envelope's event is known, then rate limited by
 *   bytes (category `attachment`) and forwarded in chunks (see `./attachment.ts`);
 * - `user_report`, `feedback`: read into a user report (core's `userReportFromItem`), rate limited
 *   (category `user_report`) and forwarded (no event id or no comments: `invalid` /
 *   `invalid_user_report`, alone);
 * - `check_in`, `span`: parsed (a JSON object), counted in their category
 *   and rate limited, so quotas on those categories work and a 429 lists them; then dropped with a
 *   `filtered` outcome and reason `unsupported_item:<type>`, because Breakwater does not store them;
 * - `client_report`: turned into `client_discard` outcomes, never rate limited;
 * - any other type: dropped with an `invalid` outcome, reason `unknown_item`.
 *
 * Size limits are checked first and all items are parsed before anything is counted or queued, so a 4xx
 * never leaves half an envelope behind.
 */
import { type EnvelopeItem, err, ok, type Result } from "@breakwater/core/protocol";
import { categoryForItem } from "@breakwater/core/quotas";
import type { EventRecord, SessionRecord, TransactionRecord, UserReportRecord } from "@breakwater/core/schema";
import { type IngestLimits, itemSizeLimit } from "../body/limits.ts";
import { BreakwaterApiError } from "../errors/http.ts";
import type { Admissible } from "./admit.ts";
import type { PendingAttachment } from "./attachment.ts";
import { type ClientDiscard, parseClientReport } from "./client-report.ts";
import type { CountedItem, DiscardReason, Rejection } from "./discard.ts";
import { type EventScope, parseJsonObject, prepareEvent } from "./event.ts";
import { prepareSessions } from "./session.ts";
import { prepareTransaction } from "./transaction.ts";
import { prepareUserReport } from "./user-report.ts";

/** Item types that are parsed, counted and rate limited, but not stored. */
export const UNSUPPORTED_ITEM_TYPES = ["check_in", "span"] as const;
export type UnsupportedItemType = (typeof UNSUPPORTED_ITEM_TYPES)[number];

function isUnsupported(type: string): type is UnsupportedItemType {
  return (UNSUPPORTED_ITEM_TYPES as readonly string[]).includes(type);
}

/** The outcome reason of an item that is counted and dropped because Breakwater does not store its type. */
export const unsupportedReason = (type: string): string => `unsupported_item:${type}`;

/** An event-like record: filtered, rate limited and scrubbed the same way. */
export type EventLikeRecord = EventRecord | TransactionRecord;

/** An envelope's items, parsed and sorted. */
export interface SortedItems {
  /** Events and transactions, normalized, in envelope order. */
  records: EventLikeRecord[];
  /** Items that become records without filtering or scrubbing: session counts, user reports (one entry per item). */
  plain: Admissible<(SessionRecord | UserReportRecord)[]>[];
  /** Attachment items, admitted once the envelope's event is admitted. */
  attachments: PendingAttachment[];
  /** Counted and rate limited, then dropped; `value` is the item type. */
  unsupported: Admissible<UnsupportedItemType>[];
  /** Items dropped alone as `invalid`, with the reason. */
  invalid: (CountedItem & { reason: DiscardReason })[];
  clientDiscards: ClientDiscard[];
  /** Client reports that could not be parsed (logged, not counted: they carry no category). */
  badClientReports: string[];
  /** Items of unknown types, counted as `invalid` / `unknown_item`. */
  unknown: (CountedItem & { type: string })[];
}

/**
 * Relay's size checks (`check_envelope_size_limits`): each item against its type's cap, all
 * attachments against their combined cap, session items against their count. The whole envelope is
 * refused with 413 and reason `too_large:<item type>`.
 */
export function checkItemLimits(items: readonly EnvelopeItem[], limits: IngestLimits): Rejection | undefined {
  let attachmentBytes = 0;
  let sessions = 0;
  const tooLarge = (type: string, detail: string): Rejection => ({
    reason: `too_large:${type}`,
    error: new BreakwaterApiError({ code: "PAYLOAD_TOO_LARGE", detail }),
  });
  for (const { header, payload } of items) {
    const { type } = header;
    const limit = itemSizeLimit(type, limits);
    if (limit !== undefined && payload.byteLength > limit) return tooLarge(type, `${type} exceeds ${limit} bytes`);
    if (type === "attachment") {
      attachmentBytes += payload.byteLength;
      if (attachmentBytes > limits.maxAttachmentsBytes) {
        return tooLarge(type, `attachments exceed ${limits.maxAttachmentsBytes} bytes in total`);
      }
    }
    if (type === "session" || type === "sessions") {
      sessions += 1;
      if (sessions > limits.maxSessionCount) {
        return tooLarge(type, `more than ${limits.maxSessionCount} session items`);
      }
    }
  }
  return undefined;
}

/** How many items a counted-and-dropped item stands for: a v2 span container says so in `item_count`. */
function unsupportedQuantity(header: EnvelopeItem["header"]): number {
  const count = (header as { item_count?: unknown }).item_count;
  return typeof count === "number" && Number.isInteger(count) && count > 0 ? count : 1;
}

/**
 * Parses every item of an envelope. The first one that is not JSON rejects the envelope (400,
 * `invalid_json`); JSON that is not a valid transaction or session drops only that item.
 * @param scope what the request knows, for normalization
 */
export function sortItems(
  items: readonly EnvelopeItem[],
  scope: EventScope,
  limits: IngestLimits,
): Result<SortedItems, Rejection> {
  const tooLarge = checkItemLimits(items, limits);
  if (tooLarge) return err(tooLarge);
  const sorted: SortedItems = {
    records: [],
    plain: [],
    attachments: [],
    unsupported: [],
    invalid: [],
    clientDiscards: [],
    badClientReports: [],
    unknown: [],
  };
  for (const item of items) {
    const { header, payload } = item;
    const { type } = header;
    if (type === "event") {
      const record = prepareEvent(payload, scope);
      if (!record.ok) return record;
      sorted.records.push(record.value);
    } else if (type === "transaction") {
      const record = prepareTransaction(payload, scope);
      if (!record.ok) return record;
      if (record.value.ok) sorted.records.push(record.value.value);
      else sorted.invalid.push({ category: "transaction", quantity: 1, reason: "invalid_transaction" });
    } else if (type === "session" || type === "sessions") {
      const records = prepareSessions(type, payload, scope.config, scope.received);
      if (!records.ok) return records;
      if (records.value.ok) sorted.plain.push({ value: records.value.value, category: "session", quantity: 1 });
      else sorted.invalid.push({ category: "session", quantity: 1, reason: "invalid_session" });
    } else if (type === "user_report" || type === "feedback") {
      const record = prepareUserReport(type, payload, scope);
      if (!record.ok) return record;
      if (record.value.ok) sorted.plain.push({ value: [record.value.value], category: "user_report", quantity: 1 });
      else sorted.invalid.push({ category: "user_report", quantity: 1, reason: "invalid_user_report" });
    } else if (type === "attachment") {
      sorted.attachments.push({ item, bytes: payload.byteLength });
    } else if (isUnsupported(type)) {
      const parsed = parseJsonObject(payload, type);
      if (!parsed.ok) return parsed;
      // Every unsupported type has a category; `default` only guards a future edit of the list.
      const category = categoryForItem(type) ?? "default";
      sorted.unsupported.push({ value: type, category, quantity: unsupportedQuantity(header) });
    } else if (type === "client_report") {
      const discards = parseClientReport(payload, scope.received);
      if (discards.ok) sorted.clientDiscards.push(...discards.value);
      else sorted.badClientReports.push(discards.error);
    } else {
      sorted.unknown.push({ type, category: categoryForItem(type) ?? "default", quantity: 1 });
    }
  }
  return ok(sorted);
}
