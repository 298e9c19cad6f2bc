/**
 * @module
 * Data categories: what a quota counts. Named as Sentry's `DataCategory`; `attachment` counts bytes,
 * everything else counts items. Unknown strings map to `unknown` rather than failing (Relay's
 * `#[serde(other)]`), so a newer config never breaks an older edge.
 * @see https://develop.sentry.dev/sdk/rate-limiting/#definitions
 */
import { z } from "zod";

export const DATA_CATEGORIES = [
  "default",
  "error",
  "transaction",
  "security",
  "attachment",
  "session",
  "user_report",
  "monitor",
  "span",
  "unknown",
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Parses a category name; anything unrecognised becomes `unknown`. */
export const DataCategorySchema = z
  .string()
  .transform(
    (s): DataCategory => ((DATA_CATEGORIES as readonly string[]).includes(s) ? (s as DataCategory) : "unknown"),
  );

/**
 * The category an envelope item counts against, or `undefined` for items that are never rate limited
 * (client reports are the SDK telling us what it dropped; limiting them would hide that).
 * @param itemType the envelope item header's `type`
 * @param eventType for `event` items, the payload's `type` (`csp`, `expectct`, ... are `security`)
 */
export function categoryForItem(itemType: string, eventType?: string): DataCategory | undefined {
  switch (itemType) {
    case "event":
      if (eventType && ["csp", "hpkp", "expectct", "expectstaple", "nel"].includes(eventType)) return "security";
      return "error";
    case "transaction":
      return "transaction";
    case "security":
      return "security";
    case "attachment":
      return "attachment";
    case "session":
    case "sessions":
      return "session";
    case "user_report":
    case "feedback":
      return "user_report";
    case "check_in":
      return "monitor";
    case "span":
      return "span";
    case "client_report":
      return undefined;
    default:
      return "default";
  }
}
