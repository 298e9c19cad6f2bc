/**
 * @module
 * Inbound filter JSON in Sentry's shape (`GET /api/0/projects/{org}/{project}/filters/`): one entry
 * per toggleable filter, `active` a boolean, or for `legacy-browsers` the list of browser classes.
 * The list-valued filters (IPs, releases, error messages) are project options in Sentry and are
 * shown by the project details (`serializers/project.ts`).
 * @see https://docs.sentry.io/api/projects/list-a-projects-data-filters/
 */
import type { FiltersConfig, LegacyBrowsersConfig } from "@breakwater/core/filter";

/** Ids of the toggleable filters, in Sentry's order; also the `{filter_id}` of the PUT route. */
export const INBOUND_FILTER_IDS = ["localhost", "browser-extensions", "legacy-browsers", "web-crawlers"] as const;
/** A toggleable filter's id (its `FilterStatKey`, the outcome reason of what it drops). */
export type InboundFilterId = (typeof INBOUND_FILTER_IDS)[number];

/** True when `id` names a toggleable filter. */
export function isInboundFilterId(id: string): id is InboundFilterId {
  return (INBOUND_FILTER_IDS as readonly string[]).includes(id);
}

/** Labels shown by Sentry-compatible UIs. */
const LABELS: Record<InboundFilterId, { name: string; description: string }> = {
  localhost: {
    name: "Filter out events coming from localhost",
    description: "Drops events from a developer's own machine: a loopback user IP (127.0.0.1, ::1) or a localhost URL.",
  },
  "browser-extensions": {
    name: "Filter out errors known to be caused by browser extensions",
    description: "Drops errors raised by scripts that browser extensions inject into pages.",
  },
  "legacy-browsers": {
    name: "Filter out known errors from legacy browsers",
    description: "Drops events from old browsers, whose reports tend to lack the context needed to understand them.",
  },
  "web-crawlers": {
    name: "Filter out known web crawlers",
    description: "Drops events from known bots and crawlers, which often run pages in ways no real user would.",
  },
};

/** One filter of the list. */
export interface ProjectFilterJson {
  id: InboundFilterId;
  /** On/off; for `legacy-browsers`: `true` (every legacy browser), `false`, or the chosen subfilters. */
  active: boolean | string[];
  name: string;
  description: string;
}

/** Sentry's `active` of the legacy-browsers filter: `["default"]` is Sentry's `"1"`, i.e. `true`. */
export function legacyBrowsersActive(config: LegacyBrowsersConfig): boolean | string[] {
  if (!config.isEnabled || config.options.length === 0) return false;
  if (config.options.includes("default")) return true;
  return [...config.options];
}

/** The filter list of a project. */
export function serializeProjectFilters(config: FiltersConfig): ProjectFilterJson[] {
  const active: Record<InboundFilterId, boolean | string[]> = {
    localhost: config.localhost.isEnabled,
    "browser-extensions": config.browserExtensions.isEnabled,
    "legacy-browsers": legacyBrowsersActive(config.legacyBrowsers),
    "web-crawlers": config.webCrawlers.isEnabled,
  };
  return INBOUND_FILTER_IDS.map((id) => ({ id, active: active[id], ...LABELS[id] }));
}
