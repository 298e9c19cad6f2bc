import { describe, expect, it } from "vitest";
import { compactNumber, parseLinkHeader, statusOf, timeAgo, withStatus } from "./format.ts";

describe("parseLinkHeader", () => {
  it("reads Sentry's cursors", () => {
    const h =
      '<http://x/api/0/projects/a/b/issues/?cursor=1:2:1>; rel="previous"; results="false"; cursor="1:2:1", ' +
      '<http://x/api/0/projects/a/b/issues/?cursor=3:4:0>; rel="next"; results="true"; cursor="3:4:0"';
    expect(parseLinkHeader(h)).toEqual({
      previous: { cursor: "1:2:1", results: false },
      next: { cursor: "3:4:0", results: true },
    });
    expect(parseLinkHeader(null)).toEqual({ previous: null, next: null });
  });
});

describe("status tabs", () => {
  it("replaces is: terms and keeps the rest", () => {
    expect(withStatus("is:unresolved TypeError foo", "resolved")).toBe("is:resolved TypeError foo");
    expect(withStatus("is:unresolved TypeError", "")).toBe("TypeError");
    expect(withStatus("", "ignored")).toBe("is:ignored");
    expect(statusOf("is:resolved x")).toBe("resolved");
    expect(statusOf("x")).toBe("");
    expect(statusOf("is:resolved is:ignored")).toBeNull();
  });
});

describe("numbers and times", () => {
  it("formats compactly", () => {
    expect(compactNumber("999")).toBe("999");
    expect(compactNumber(1234)).toBe("1.2k");
    expect(compactNumber(2_500_000)).toBe("2.5M");
    expect(timeAgo("2026-01-01T00:00:00Z", Date.parse("2026-01-01T00:05:00Z"))).toBe("5m ago");
    expect(timeAgo(null)).toBe("–");
  });
});
