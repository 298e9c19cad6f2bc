import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRateLimits, parseRateLimits, type RateLimit } from "./rate-limits.ts";

describe("X-Sentry-Rate-Limits", () => {
  it("formats as Relay does", () => {
    expect(
      formatRateLimits([
        { retryAfter: 60, categories: ["error", "default"], scope: "key", reasonCode: "key_quota" },
        { retryAfter: 2.2, categories: [], scope: "organization" },
      ]),
    ).toBe("60:error;default:key:key_quota, 3::organization");
  });

  it("parses headers SDKs receive", () => {
    expect(parseRateLimits("60:transaction:key, 2700:default;error;security:organization:spike_protection")).toEqual([
      { retryAfter: 60, categories: ["transaction"], scope: "key" },
      {
        retryAfter: 2700,
        categories: ["default", "error", "security"],
        scope: "organization",
        reasonCode: "spike_protection",
      },
    ]);
  });

  it("skips malformed entries", () => {
    expect(parseRateLimits("abc, -1:error:key, , 5::project")).toEqual([
      { retryAfter: 5, categories: [], scope: "project" },
    ]);
  });

  it("parse(format(x)) == x", () => {
    const word = fc.stringMatching(/^[a-z_]{1,12}$/);
    const limitArb: fc.Arbitrary<RateLimit> = fc.record(
      {
        retryAfter: fc.integer({ min: 0, max: 1e6 }),
        categories: fc.array(word, { maxLength: 4 }),
        scope: word,
        reasonCode: word,
      },
      { requiredKeys: ["retryAfter", "categories", "scope"] },
    );
    fc.assert(
      fc.property(fc.array(limitArb, { maxLength: 5 }), (limits) => {
        expect(parseRateLimits(formatRateLimits(limits))).toEqual(limits);
      }),
    );
  });
});
