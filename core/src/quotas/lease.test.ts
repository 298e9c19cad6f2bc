import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { leaseSize } from "./lease.ts";

describe("leaseSize", () => {
  it("takes up to 10% of the remainder on an empty window, capped by what is wanted", () => {
    expect(leaseSize({ limit: 10_000, committed: 0, want: 5_000 })).toBe(1_000);
    expect(leaseSize({ limit: 10_000, committed: 0, want: 200 })).toBe(200);
  });

  it("shrinks as the window fills", () => {
    const sizes = [0, 5_000, 9_000, 9_900, 9_990].map((committed) =>
      leaseSize({ limit: 10_000, committed, want: 1e9 }),
    );
    expect(sizes).toEqual([1_000, 250, 10, 1, 1]);
  });

  it("always covers the waiting item while the quota has room for it", () => {
    expect(leaseSize({ limit: 100, committed: 0, want: 64, need: 60 })).toBe(60);
    expect(leaseSize({ limit: 100, committed: 50, want: 64, need: 50 })).toBe(50);
    // Not enough room: what is left, which the caller sees cannot cover the item.
    expect(leaseSize({ limit: 100, committed: 70, want: 64, need: 50 })).toBe(30);
  });

  it("grants nothing when full or when nothing is wanted", () => {
    expect(leaseSize({ limit: 10, committed: 10, want: 5 })).toBe(0);
    expect(leaseSize({ limit: 10, committed: 12, want: 5 })).toBe(0);
    expect(leaseSize({ limit: 10, committed: 0, want: 0 })).toBe(0);
    expect(leaseSize({ limit: 0, committed: 0, want: 5 })).toBe(0);
  });

  it("never grants past the limit, however many leases are taken", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e7 }),
        fc.array(fc.integer({ min: 1, max: 1e6 }), { maxLength: 200 }),
        (limit, wants) => {
          let committed = 0;
          for (const want of wants) {
            const g = leaseSize({ limit, committed, want });
            expect(g).toBeGreaterThanOrEqual(0);
            expect(g).toBeLessThanOrEqual(want);
            committed += g;
            expect(committed).toBeLessThanOrEqual(limit);
          }
        },
      ),
    );
  });
});
