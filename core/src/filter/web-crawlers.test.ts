import { describe, expect, it } from "vitest";
import { err, ok } from "../result.ts";
import { browserEvent, UA } from "./test-events.ts";
import { shouldFilter } from "./web-crawlers.ts";

const on = { isEnabled: true };

describe("web-crawlers filter", () => {
  it.each([
    UA.googlebot,
    UA.googlebotSmartphone,
    UA.bingbot,
    UA.slackbot,
    UA.twitterbot,
    UA.bytespider,
    "Mediapartners-Google",
    "AdsBot-Google (+http://www.google.com/adsbot.html)",
    "FeedFetcher-Google; (+http://www.google.com/feedfetcher.html)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slack-ImgProxy 0.19 (+https://api.slack.com/robots)",
    "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
    "Mozilla/5.0 (compatible; HubSpot Crawler; web-crawlers@hubspot.com)",
    "AWS Security Scanner",
    "Better Uptime Bot Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/74.0.3729.169 Safari/537.36",
  ])("drops %s", (userAgent) => {
    expect(shouldFilter(browserEvent({ userAgent }), on, {})).toEqual(err("web-crawlers"));
  });

  it.each([
    UA.chrome120,
    UA.safari17,
    UA.ie10,
    UA.firefox121,
    UA.slackbotUser,
    "APIs-Google (+https://developers.google.com/webmasters/APIs-Google.html)",
    "opera",
  ])("keeps %s", (userAgent) => {
    expect(shouldFilter(browserEvent({ userAgent }), on, {})).toEqual(ok(undefined));
  });

  it("reads the request's User-Agent when the event has none", () => {
    expect(shouldFilter(browserEvent({}), on, { userAgent: UA.googlebot })).toEqual(err("web-crawlers"));
    expect(shouldFilter(browserEvent({}), on, {})).toEqual(ok(undefined));
  });

  it("keeps everything when disabled", () => {
    expect(shouldFilter(browserEvent({ userAgent: UA.googlebot }), { isEnabled: false }, {})).toEqual(ok(undefined));
  });
});
