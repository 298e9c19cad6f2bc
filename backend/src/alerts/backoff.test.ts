import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF, nextRetryDelay } from "./backoff.ts";

describe("nextRetryDelay", () => {
  it("doubles from the base up to the cap, then gives up", () => {
    const p = { baseMs: 1_000, maxMs: 10_000, maxAttempts: 6, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((n) => nextRetryDelay(n, p))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
    expect(nextRetryDelay(6, p)).toBeNull();
  });

  it("stays within ±jitter of the schedule and never above the cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (n, r) => {
        const d = nextRetryDelay(n, DEFAULT_BACKOFF, () => r);
        const nominal = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** (n - 1));
        expect(d).not.toBeNull();
        expect(d as number).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8));
        expect(d as number).toBeLessThanOrEqual(Math.min(DEFAULT_BACKOFF.maxMs, Math.ceil(nominal * 1.2)));
      }),
    );
  });
});
