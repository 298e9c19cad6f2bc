/**
 * @module
 * Inbound filters at the edge: records the project's filters drop get a `filtered` outcome with
 * Relay's reason (`localhost`, `web-crawlers`, …) and go no further. They run before quotas, so a
 * filtered event never uses up a quota (as in Relay); the SDK still gets its 200.
 */
import { type FilterContext, shouldFilterEvent } from "@breakwater/core/filter";
import type { IngestRecord, ProjectConfig } from "@breakwater/core/schema";
import type { ServiceContext } from "../hono/env.ts";
import { eventCategory } from "./admit.ts";
import { recordOutcome } from "./discard.ts";

/** The records that pass every filter. */
export function applyInboundFilters(
  services: ServiceContext,
  config: ProjectConfig,
  records: readonly IngestRecord[],
  ctx: FilterContext,
  now: number,
): IngestRecord[] {
  return records.filter((record) => {
    const verdict = shouldFilterEvent(record.event, config.filters, ctx);
    if (verdict.ok) return true;
    recordOutcome(services, config, "filtered", verdict.error, eventCategory(record), 1, now);
    return false;
  });
}
