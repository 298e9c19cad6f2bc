import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secondsUntilWindowEnd, windowSlot } from "./window.ts";

describe("windowSlot", () => {
  it("staggers windows by organization id", () => {
    expect(windowSlot(3600, 60, 0)).toEqual({ slot: 60, start: 3600, end: 3660 });
    expect(windowSlot(3600, 60, 7)).toEqual({ slot: 59, start: 3547, end: 3607 });
    expect(windowSlot(3607, 60, 7)).toEqual({ slot: 60, start: 3607, end: 3667 });
    expect(windowSlot(3606.999, 60, 7).slot).toBe(59);
    expect(windowSlot(3600, 3600, 61)).toEqual({ slot: 0, start: 61, end: 3661 });
  });

  it("rolls over exactly at the window end", () => {
    const w = windowSlot(10_000, 60, 5);
    expect(windowSlot(w.end - 0.001, 60, 5).slot).toBe(w.slot);
    expect(windowSlot(w.end, 60, 5).slot).toBe(w.slot + 1);
  });

  it("always contains now, and the window is `window` long", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 4e9, noNaN: true }),
        fc.integer({ min: 1, max: 86_400 * 31 }),
        fc.integer({ min: 1, max: 1e9 }),
        (now, window, org) => {
          const w = windowSlot(now, window, org);
          expect(w.start).toBeLessThanOrEqual(now);
          expect(now).toBeLessThan(w.end);
          expect(w.end - w.start).toBe(window);
          expect(((w.start % window) + window) % window).toBe(org % window);
        },
      ),
    );
  });

  it("tells at least 1 second to wait", () => {
    expect(secondsUntilWindowEnd(3659.5, 60, 0)).toBe(1);
    expect(secondsUntilWindowEnd(3600, 60, 0)).toBe(60);
    expect(secondsUntilWindowEnd(3600.2, 60, 0)).toBe(60);
  });
});
