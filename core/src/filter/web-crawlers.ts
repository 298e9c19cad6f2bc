/**
 * @module
 * The web-crawlers filter (Relay's `web_crawlers.rs`): drops events whose user agent is a search
 * engine, link-preview or uptime bot. Those render pages without a real user behind them and produce
 * noise (old JavaScript engines, blocked resources).
 */
import { err, ok, type Result } from "../result.ts";
import type { Event } from "../schema/index.ts";
import type { FilterContext, FilterStatKey, FilterToggle } from "./config.ts";
import { getUserAgent } from "./event-fields.ts";

const WEB_CRAWLERS = new RegExp(
  [
    "Mediapartners-Google",
    "AdsBot-Google",
    "Googlebot",
    "FeedFetcher-Google",
    "BingBot",
    "BingPreview",
    "Baiduspider",
    "Slurp", // Yahoo
    "Sogou",
    "facebook",
    "ia_archiver", // Alexa
    "bots?[/\\s\\);]", // generic `…bot/1.0`, `bots;`
    "spider[/\\s\\);]",
    "Slack", // https://api.slack.com/robots
    "Calypso\\sAppCrawler", // Google indexing
    "pingdom",
    "lyticsbot",
    "AWS\\sSecurity\\sScanner",
    "HubSpot\\sCrawler",
    "Bytespider",
    "Better\\sUptime",
  ].join("|"),
  "i",
);

/** `Slackbot 1.0` fetches pages on behalf of a user (link unfurling with user auth), as Relay allows. */
const ALLOWED_CRAWLERS = /Slackbot\s1\.\d+/i;

/**
 * True when `userAgent` belongs to a known crawler.
 * @example
 * isWebCrawler("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)") // true
 */
export function isWebCrawler(userAgent: string): boolean {
  return WEB_CRAWLERS.test(userAgent) && !ALLOWED_CRAWLERS.test(userAgent);
}

/**
 * Filters events sent from web crawlers when enabled.
 * @example
 * shouldFilter(event, { isEnabled: true }, { userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1)" }) // err("web-crawlers")
 */
export function shouldFilter(event: Event, config: FilterToggle, ctx: FilterContext): Result<void, FilterStatKey> {
  if (!config.isEnabled) return ok(undefined);
  const userAgent = getUserAgent(event, ctx);
  if (userAgent !== undefined && isWebCrawler(userAgent)) return err("web-crawlers");
  return ok(undefined);
}
