/**
 * @module
 * The legacy-browsers filter (Relay's `legacy_browsers.rs`): drops events from browsers too old to
 * support, by family and major version of the user agent.
 */
import { err, ok, type Result } from "../result.ts";
import type { Event } from "../schema/index.ts";
import type { FilterContext, FilterStatKey, LegacyBrowser, LegacyBrowsersConfig } from "./config.ts";
import { getUserAgent } from "./event-fields.ts";
import { type Browser, parseBrowser } from "./user-agent.ts";

/** The oldest supported major version per family under `default` (Sentry's table). */
const DEFAULT_MIN_VERSIONS: Partial<Record<Browser["family"], number>> = {
  Chrome: 0,
  Firefox: 0,
  Edge: 0,
  IE: 10,
  Safari: 6,
  Opera: 15,
  "Opera Mini": 8,
  Android: 4,
};

/** Each named class: which family and which majors it drops. */
const CLASSES: Record<Exclude<LegacyBrowser, "default">, [Browser["family"], (major: number) => boolean]> = {
  ie_pre_9: ["IE", (v) => v <= 8],
  ie9: ["IE", (v) => v === 9],
  ie10: ["IE", (v) => v === 10],
  ie11: ["IE", (v) => v === 11],
  opera_pre_15: ["Opera", (v) => v < 15],
  opera_mini_pre_8: ["Opera Mini", (v) => v < 8],
  android_pre_4: ["Android", (v) => v < 4],
  safari_pre_6: ["Safari", (v) => v < 6],
  edge_pre_79: ["Edge", (v) => v < 79],
};

/**
 * True when `browser` is one of the configured legacy classes. `default` overrides the rest, as in
 * Relay; unknown option names never match.
 * @example
 * isLegacyBrowser({ family: "IE", major: 9 }, ["default"]) // true
 */
export function isLegacyBrowser(browser: Browser, options: readonly string[]): boolean {
  if (options.includes("default")) {
    const min = DEFAULT_MIN_VERSIONS[browser.family];
    return min !== undefined && browser.major < min;
  }
  return options.some((option) => {
    const cls = Object.hasOwn(CLASSES, option) ? CLASSES[option as keyof typeof CLASSES] : undefined;
    return cls !== undefined && cls[0] === browser.family && cls[1](browser.major);
  });
}

/**
 * Filters events from the configured legacy browsers when enabled.
 * @example
 * shouldFilter(event, { isEnabled: true, options: ["ie10"] }, { userAgent: IE10_UA }) // err("legacy-browsers")
 */
export function shouldFilter(
  event: Event,
  config: LegacyBrowsersConfig,
  ctx: FilterContext,
): Result<void, FilterStatKey> {
  if (!config.isEnabled || config.options.length === 0) return ok(undefined);
  const userAgent = getUserAgent(event, ctx);
  const browser = userAgent === undefined ? undefined : parseBrowser(userAgent);
  if (browser && isLegacyBrowser(browser, config.options)) return err("legacy-browsers");
  return ok(undefined);
}
