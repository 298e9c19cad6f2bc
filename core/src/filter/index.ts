/**
 * @module
 * Inbound filters, after Relay's `relay-filter`: each module exposes the same
 * `shouldFilter(event, config, ctx): Result<void, FilterStatKey>` (`ok` = keep) and
 * {@link shouldFilterEvent} runs them all in Relay's order. The edge records a `filtered` outcome
 * with the returned key as reason.
 * @see https://docs.sentry.io/concepts/data-management/filtering/
 */
import { ok, type Result } from "../result.ts";
import type { Event } from "../schema/index.ts";
import * as browserExtensions from "./browser-extensions.ts";
import * as clientIps from "./client-ips.ts";
import type { FilterContext, FilterStatKey, FiltersConfig } from "./config.ts";
import * as errorMessages from "./error-messages.ts";
import * as legacyBrowsers from "./legacy-browsers.ts";
import * as localhost from "./localhost.ts";
import * as releases from "./releases.ts";
import * as webCrawlers from "./web-crawlers.ts";

export { isBrowserExtensionEvent } from "./browser-extensions.ts";
export { isBlacklistedIp } from "./client-ips.ts";
export * from "./config.ts";
export { eventMessages } from "./error-messages.ts";
export { getHeader, getUserAgent } from "./event-fields.ts";
export { globToRegExp, matchesAnyGlob } from "./glob.ts";
export { type IpBytes, type IpNetwork, networkContains, parseIp, parseNetwork } from "./ip-network.ts";
export { isLegacyBrowser } from "./legacy-browsers.ts";
export { isLocalhostEvent } from "./localhost.ts";
export { type Browser, parseBrowser } from "./user-agent.ts";
export { isWebCrawler } from "./web-crawlers.ts";
export { browserExtensions, clientIps, errorMessages, legacyBrowsers, localhost, releases, webCrawlers };

/**
 * Runs every inbound filter in Relay's order (client IPs, releases, error messages, localhost,
 * browser extensions, legacy browsers, web crawlers) and returns the first that drops the event.
 * The order only decides which reason is recorded; the filters are additive.
 * @param config the project's filters, parsed with `FiltersConfigSchema` (defaults: all off)
 * @param ctx the request's client IP and User-Agent
 * @example
 * const config = FiltersConfigSchema.parse({ localhost: { isEnabled: true } });
 * const result = shouldFilterEvent(event, config, { clientIp: "203.0.113.9" });
 * if (!result.ok) recordOutcome("filtered", result.error); // e.g. "localhost"
 */
export function shouldFilterEvent(
  event: Event,
  config: FiltersConfig,
  ctx: FilterContext,
): Result<void, FilterStatKey> {
  const results = [
    () => clientIps.shouldFilter(event, config.clientIps, ctx),
    () => releases.shouldFilter(event, config.releases, ctx),
    () => errorMessages.shouldFilter(event, config.errorMessages, ctx),
    () => localhost.shouldFilter(event, config.localhost, ctx),
    () => browserExtensions.shouldFilter(event, config.browserExtensions, ctx),
    () => legacyBrowsers.shouldFilter(event, config.legacyBrowsers, ctx),
    () => webCrawlers.shouldFilter(event, config.webCrawlers, ctx),
  ];
  for (const run of results) {
    const result = run();
    if (!result.ok) return result;
  }
  return ok(undefined);
}
