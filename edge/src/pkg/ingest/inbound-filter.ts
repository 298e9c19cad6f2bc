/**
 * @module
 * Inbound filters at the edge: records the project's filters drop get a `filtered` outcome with
 * Relay's reason (`localhost`, `web-crawlers`, …) and go no further. They run before quotas, so a
 * filtered event never uses up a quota (as in Relay); the SDK still gets its 200. Transactions pass
 * the same filters (Relay applies them to transactions too); error-message globs never match them,
 * as they carry no exception or message.
 */
import { type FilterContext, shouldFilterEvent } from "@breakwater/core/filter";
import type { ProjectConfig } from "@breakwater/core/schema";
import type { ServiceContext } from "../hono/env.ts";
import { eventCategory } from "./admit.ts";
import { recordOutcome } from "./discard.ts";
import type { EventLikeRecord } from "./items.ts";

/** What the filters did: the records that pass, and the reason of each dropped one by event id. */
export interface FilterResult<R> {
  kept: R[];
  /** Filter reason by event id, for the dropped records (their attachments follow them). */
  filtered: Map<string, string>;
}

/** Splits the records by the project's filters, recording an outcome for each dropped one. */
export function applyInboundFilters<R extends EventLikeRecord>(
  services: ServiceContext,
  config: ProjectConfig,
  records: readonly R[],
  ctx: FilterContext,
  now: number,
): FilterResult<R> {
  const filtered = new Map<string, string>();
  const kept = records.filter((record) => {
    const verdict = shouldFilterEvent(record.event, config.filters, ctx);
    if (verdict.ok) return true;
    recordOutcome(services, config, "filtered", verdict.error, eventCategory(record), 1, now);
    filtered.set(record.event.event_id, verdict.error);
    return false;
  });
  return { kept, filtered };
}
