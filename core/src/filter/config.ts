/**
 * @module
 * Per-project inbound filter settings, in the wire shape of Relay's `ProjectFiltersConfig` (camelCase,
 * `isEnabled` flags, legacy browsers under `options`) so a Sentry-style project config maps 1:1.
 * Every field defaults to "off": `FiltersConfigSchema.parse({})` filters nothing.
 * @see https://docs.sentry.io/concepts/data-management/filtering/
 */
import { z } from "zod";

/**
 * Which filter dropped an event: the outcome `reason` (DESIGN 1), spelled as Relay's `FilterStatKey`
 * names so that `stats_v2` reads the same as Sentry's.
 */
export const FILTER_STAT_KEYS = [
  "ip-address",
  "release-version",
  "error-message",
  "localhost",
  "browser-extensions",
  "legacy-browsers",
  "web-crawlers",
] as const;
export type FilterStatKey = (typeof FILTER_STAT_KEYS)[number];

/** What the edge knows about the request that carried the event, beyond its payload. */
export interface FilterContext {
  /** The client's address (CF-Connecting-IP or the socket peer); used only by the client-IP filter. */
  clientIp?: string;
  /** The HTTP request's User-Agent; used when the event has no `request.headers` User-Agent. */
  userAgent?: string;
}

/** An on/off filter (localhost, browser extensions, web crawlers). */
export const FilterToggleSchema = z.object({ isEnabled: z.boolean().default(false) });
export type FilterToggle = z.infer<typeof FilterToggleSchema>;

/**
 * Browser classes of the legacy-browsers filter. `default` applies Sentry's minimum versions to
 * every known browser and overrides the others. Unknown names are accepted and ignored, as Relay
 * does, so a newer Sentry option never makes a whole project config invalid.
 */
export const LEGACY_BROWSERS = [
  "default",
  "ie_pre_9",
  "ie9",
  "ie10",
  "ie11",
  "opera_pre_15",
  "opera_mini_pre_8",
  "android_pre_4",
  "safari_pre_6",
  "edge_pre_79",
] as const;
export type LegacyBrowser = (typeof LEGACY_BROWSERS)[number];

export const LegacyBrowsersConfigSchema = z.object({
  isEnabled: z.boolean().default(false),
  /** Which browsers to drop; unknown names are kept as strings and never match. */
  options: z.array(z.string()).default([]),
});
export type LegacyBrowsersConfig = z.infer<typeof LegacyBrowsersConfigSchema>;

export const ClientIpsConfigSchema = z.object({
  /** IPv4/IPv6 addresses and CIDR networks (`10.0.0.0/8`, `2001:db8::/32`); invalid entries never match. */
  blacklistedIps: z.array(z.string()).default([]),
});
export type ClientIpsConfig = z.infer<typeof ClientIpsConfigSchema>;

export const ErrorMessagesConfigSchema = z.object({
  /** Case-insensitive globs (`*` any run, `?` one character, `{a,b}` alternatives) over the whole message. */
  patterns: z.array(z.string()).default([]),
});
export type ErrorMessagesConfig = z.infer<typeof ErrorMessagesConfigSchema>;

export const ReleasesConfigSchema = z.object({
  /** Case-insensitive globs over the whole `release`, e.g. `1.0.*`, `*-beta`. */
  releases: z.array(z.string()).default([]),
});
export type ReleasesConfig = z.infer<typeof ReleasesConfigSchema>;

/** All inbound filters of one project. */
export const FiltersConfigSchema = z.object({
  localhost: FilterToggleSchema.default({ isEnabled: false }),
  browserExtensions: FilterToggleSchema.default({ isEnabled: false }),
  webCrawlers: FilterToggleSchema.default({ isEnabled: false }),
  legacyBrowsers: LegacyBrowsersConfigSchema.default({ isEnabled: false, options: [] }),
  clientIps: ClientIpsConfigSchema.default({ blacklistedIps: [] }),
  errorMessages: ErrorMessagesConfigSchema.default({ patterns: [] }),
  releases: ReleasesConfigSchema.default({ releases: [] }),
});
export type FiltersConfig = z.infer<typeof FiltersConfigSchema>;
