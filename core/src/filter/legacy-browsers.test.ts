import { describe, expect, it } from "vitest";
import { err, ok } from "../result.ts";
import { shouldFilter } from "./legacy-browsers.ts";
import { browserEvent, UA } from "./test-events.ts";

const run = (userAgent: string, options: string[], isEnabled = true) =>
  shouldFilter(browserEvent({ userAgent }), { isEnabled, options }, {});

describe("legacy-browsers filter", () => {
  it.each([UA.ie8, UA.ie9, UA.ieMobile9, UA.safari5, UA.opera12, UA.opera14, UA.android3, UA.operaMini7])(
    "default drops %s",
    (ua) => {
      expect(run(ua, ["default"])).toEqual(err("legacy-browsers"));
    },
  );

  it.each([
    UA.ie10,
    UA.ie11,
    UA.safari6,
    UA.opera15,
    UA.android4,
    UA.operaMini8,
    UA.chrome120,
    UA.safari17,
    UA.iosSafari17,
    UA.firefox121,
    UA.edge120,
    UA.edgeLegacy18,
    UA.googlebot,
  ])("default keeps %s", (ua) => {
    expect(run(ua, ["default"])).toEqual(ok(undefined));
  });

  it.each([
    [UA.ie10, ["android_pre_4", "ie10"]],
    [UA.ie11, ["ie11"]],
    [UA.ie9, ["ie9"]],
    [UA.ieMobile9, ["ie9"]],
    [UA.ie8, ["ie_pre_9"]],
    [UA.opera14, ["ie10", "opera_pre_15"]],
    [UA.operaMini7, ["opera_mini_pre_8"]],
    [UA.android3, ["android_pre_4"]],
    [UA.safari5, ["opera_pre_15", "safari_pre_6"]],
    [UA.edgeLegacy18, ["edge_pre_79"]],
  ])("drops %s with %j", (ua, options) => {
    expect(run(ua, options)).toEqual(err("legacy-browsers"));
  });

  it.each([
    [UA.ie11, ["ie10"]],
    [UA.ie10, ["ie9", "ie11"]],
    [UA.ie9, ["ie_pre_9"]],
    [UA.opera15, ["opera_pre_15"]],
    [UA.operaMini8, ["opera_mini_pre_8"]],
    [UA.android4, ["android_pre_4"]],
    [UA.safari6, ["safari_pre_6"]],
    [UA.edge120, ["edge_pre_79"]],
    [UA.ie8, ["chrome_pre_90", "something_new"]],
  ])("keeps %s with %j", (ua, options) => {
    expect(run(ua, options)).toEqual(ok(undefined));
  });

  it("falls back to the HTTP request's User-Agent when the event has none", () => {
    const event = browserEvent({});
    expect(shouldFilter(event, { isEnabled: true, options: ["ie10"] }, { userAgent: UA.ie10 })).toEqual(
      err("legacy-browsers"),
    );
  });

  it("prefers the event's User-Agent header (the end user's browser) to the request's", () => {
    const event = browserEvent({ headers: [["user-agent", UA.chrome120]] });
    expect(shouldFilter(event, { isEnabled: true, options: ["ie10"] }, { userAgent: UA.ie10 })).toEqual(ok(undefined));
  });

  it("keeps everything when disabled or without options", () => {
    expect(run(UA.ie8, ["default"], false)).toEqual(ok(undefined));
    expect(run(UA.ie8, [])).toEqual(ok(undefined));
  });
});
