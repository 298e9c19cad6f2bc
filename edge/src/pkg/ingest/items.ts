/**
 * @module
 * An envelope's items, sorted by what the edge does with them:
 * - `event`: parsed, normalized, filtered, rate limited, scrubbed and queued;
 * - `transaction`, `attachment`, `session`, `sessions`, `user_report`, `feedback`, `check_in`: parsed
 *   (a JSON object, except attachments), counted in their category and rate limited, so that quotas on
 *   those categories work and a 429 lists them; then dropped with a `filtered` outcome and reason
 *   `unsupported_item:<type>`, because Breakwater has no storage for them yet (temporary);
 * - `client_report`: turned into `client_discard` outcomes, never rate limited;
 * - any other type: dropped with an `invalid` outcome, reason `unknown_item`.
 *
 * Size limits are checked first and all items are parsed before anything is counted or queued, so a 4xx
 * never leaves half an envelope behind.
 */
import { type EnvelopeItem, err, ok, type Result } from "@breakwater/core/protocol";
import { categoryForItem } from "@breakwater/core/quotas";
import type { IngestRecord } from "@breakwater/core/schema";
import { type IngestLimits, itemSizeLimit } from "../body/limits.ts";
import { BreakwaterApiError } from "../errors/http.ts";
import type { Admissible } from "./admit.ts";
import { type ClientDiscard, parseClientReport } from "./client-report.ts";
import type { CountedItem, Rejection } from "./discard.ts";
import { type EventScope, parseJsonObject, prepareEvent } from "./event.ts";

/** Item types that are parsed, counted and rate limited, but not stored yet. */
export const UNSUPPORTED_ITEM_TYPES = [
  "transaction",
  "attachment",
  "session",
  "sessions",
  "user_report",
  "feedback",
  "check_in",
] as const;
export type UnsupportedItemType = (typeof UNSUPPORTED_ITEM_TYPES)[number];

function isUnsupported(type: string): type is UnsupportedItemType {
  return (UNSUPPORTED_ITEM_TYPES as readonly string[]).includes(type);
}

/** The outcome reason of an item that is counted and dropped until its storage exists. */
export const unsupportedReason = (type: string): string => `unsupported_item:${type}`;

/** An envelope's items, parsed and sorted. */
export interface SortedItems {
  records: IngestRecord[];
  /** Counted and rate limited, then dropped; `value` is the item type. */
  unsupported: Admissible<UnsupportedItemType>[];
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

/**
 * Parses every item of an envelope. The first invalid one rejects the envelope (400, `invalid_json`).
 * @param scope what the request knows, for event normalization
 */
export function sortItems(
  items: readonly EnvelopeItem[],
  scope: EventScope,
  limits: IngestLimits,
): Result<SortedItems, Rejection> {
  const tooLarge = checkItemLimits(items, limits);
  if (tooLarge) return err(tooLarge);
  const sorted: SortedItems = { records: [], unsupported: [], clientDiscards: [], badClientReports: [], unknown: [] };
  for (const { header, payload } of items) {
    const { type } = header;
    if (type === "event") {
      const record = prepareEvent(payload, scope);
      if (!record.ok) return record;
      sorted.records.push(record.value);
    } else if (isUnsupported(type)) {
      if (type !== "attachment") {
        const parsed = parseJsonObject(payload, type);
        if (!parsed.ok) return parsed;
      }
      // Every unsupported type has a category; `default` only guards a future edit of the list.
      const category = categoryForItem(type) ?? "default";
      const quantity = type === "attachment" ? payload.byteLength : 1;
      sorted.unsupported.push({ value: type, category, quantity });
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
