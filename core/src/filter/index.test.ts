import { describe, expect, it } from "vitest";
import { err, ok } from "../result.ts";
import { FiltersConfigSchema, shouldFilterEvent } from "./index.ts";
import { browserEvent, makeEvent, UA } from "./test-events.ts";

const ALL_ON = FiltersConfigSchema.parse({
  localhost: { isEnabled: true },
  browserExtensions: { isEnabled: true },
  webCrawlers: { isEnabled: true },
  legacyBrowsers: { isEnabled: true, options: ["default"] },
  clientIps: { blacklistedIps: ["198.51.100.0/24"] },
  errorMessages: { patterns: ["*ResizeObserver loop*"] },
  releases: { releases: ["0.9.*"] },
});

describe("FiltersConfigSchema", () => {
  it("turns everything off by default", () => {
    const config = FiltersConfigSchema.parse({});
    expect(config.localhost.isEnabled).toBe(false);
    expect(config.legacyBrowsers).toEqual({ isEnabled: false, options: [] });
    const event = browserEvent({ ip: "127.0.0.1", userAgent: UA.googlebot, value: "top.GLOBALS" });
    expect(shouldFilterEvent(event, config, { clientIp: "127.0.0.1" })).toEqual(ok(undefined));
  });

  it("accepts Relay's wire shape, including unknown legacy browser names", () => {
    const config = FiltersConfigSchema.parse({
      legacyBrowsers: { isEnabled: true, options: ["ie9", "chrome_pre_90"] },
      clientIps: { blacklistedIps: ["127.0.0.1"] },
    });
    expect(config.legacyBrowsers.options).toEqual(["ie9", "chrome_pre_90"]);
  });
});

describe("shouldFilterEvent", () => {
  it("keeps a healthy event from Chrome 120", () => {
    const event = browserEvent({ userAgent: UA.chrome120, release: "1.0.0", ip: "203.0.113.7" });
    expect(shouldFilterEvent(event, ALL_ON, { clientIp: "203.0.113.7", userAgent: UA.chrome120 })).toEqual(
      ok(undefined),
    );
  });

  it.each([
    [browserEvent({ userAgent: UA.chrome120 }), { clientIp: "198.51.100.4" }, "ip-address"],
    [browserEvent({ release: "0.9.1" }), {}, "release-version"],
    [browserEvent({ value: "ResizeObserver loop limit exceeded", type: "Error" }), {}, "error-message"],
    [browserEvent({ url: "http://localhost:3000/" }), {}, "localhost"],
    [browserEvent({ frames: ["moz-extension://x/content.js"] }), {}, "browser-extensions"],
    [browserEvent({ userAgent: UA.ie9 }), {}, "legacy-browsers"],
    [browserEvent({ userAgent: UA.bingbot }), {}, "web-crawlers"],
  ] as const)("drops with reason %#", (event, ctx, reason) => {
    expect(shouldFilterEvent(event, ALL_ON, ctx)).toEqual(err(reason));
  });

  it("reports the first filter in Relay's order when several apply", () => {
    const event = browserEvent({ userAgent: UA.googlebot, url: "http://localhost/", release: "0.9.0" });
    expect(shouldFilterEvent(event, ALL_ON, { clientIp: "198.51.100.1" })).toEqual(err("ip-address"));
    expect(shouldFilterEvent(event, ALL_ON, {})).toEqual(err("release-version"));
    expect(
      shouldFilterEvent(makeEvent({ request: { url: "http://localhost/" } }), ALL_ON, { userAgent: UA.googlebot }),
    ).toEqual(err("localhost"));
  });
});
