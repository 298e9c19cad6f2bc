import { describe, expect, it } from "vitest";
import { UA } from "./test-events.ts";
import { parseBrowser } from "./user-agent.ts";

describe("parseBrowser", () => {
  it.each([
    [UA.chrome120, "Chrome", 120],
    [UA.androidChrome, "Chrome", 120],
    [UA.safari17, "Safari", 17],
    [UA.iosSafari17, "Safari", 17],
    [UA.firefox121, "Firefox", 121],
    [UA.edge120, "Edge", 120],
    [UA.edgeLegacy18, "Edge", 18],
    [UA.ie8, "IE", 8],
    [UA.ie9, "IE", 9],
    [UA.ieMobile9, "IE", 9],
    [UA.ie10, "IE", 10],
    [UA.ie11, "IE", 11],
    [UA.opera12, "Opera", 12],
    [UA.opera14, "Opera", 14],
    [UA.opera15, "Opera", 15],
    [UA.operaMini7, "Opera Mini", 7],
    [UA.operaMini8, "Opera Mini", 8],
    [UA.android3, "Android", 3],
    [UA.android4, "Android", 4],
    [UA.safari5, "Safari", 5],
    [UA.safari6, "Safari", 6],
    ["Mozilla/5.0 (Windows; U; MSIE 9.0; WIndows NT 9.0; en-US))", "IE", 9],
    ["Mozilla/4.0 (compatible; MSIE 5.50; Windows NT; SiteKiosk 4.9; SiteCoach 1.0)", "IE", 5],
    ["Opera/9.80 (Windows NT 5.1; U; it) Presto/2.7.62 Version/11.00", "Opera", 11],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
      "Chrome",
      120,
    ],
  ])("%s → %s %d", (ua, family, major) => {
    expect(parseBrowser(ua)).toEqual({ family, major });
  });

  it.each([UA.googlebot, UA.slackbot, UA.sentryPython, "curl/8.4.0", ""])("knows no browser in %j", (ua) => {
    expect(parseBrowser(ua)).toBeUndefined();
  });
});
