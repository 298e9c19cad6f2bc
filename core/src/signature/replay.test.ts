import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signRequest, verifySignature } from "./hmac.ts";
import { ReplayGuard } from "./replay.ts";

const NOW = 1_800_000_000;

function verified(header: string, body: string, now = NOW) {
  const r = verifySignature("s", header, body, now);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe("ReplayGuard", () => {
  it("accepts a signature once and refuses it again inside the window", () => {
    const guard = new ReplayGuard();
    const v = verified(signRequest("s", "body", NOW), "body");
    expect(guard.firstUse(v.signature, v.timestamp, NOW)).toBe(true);
    expect(guard.firstUse(v.signature, v.timestamp, NOW + 1)).toBe(false);
    expect(guard.firstUse(v.signature, v.timestamp, NOW + 300)).toBe(false);
  });

  it("accepts a re-signed retry of the same body in the same second", () => {
    const guard = new ReplayGuard();
    const a = verified(signRequest("s", "body", NOW), "body");
    const b = verified(signRequest("s", "body", NOW), "body");
    expect(guard.firstUse(a.signature, a.timestamp, NOW)).toBe(true);
    expect(guard.firstUse(b.signature, b.timestamp, NOW)).toBe(true);
  });

  it("forgets entries once their timestamp is stale, so memory stays bounded by the window", () => {
    const guard = new ReplayGuard({ windowSeconds: 300 });
    for (let i = 0; i < 50; i++) guard.firstUse(`sig${i}`, NOW, NOW);
    expect(guard.size).toBe(50);
    guard.firstUse("later", NOW + 301, NOW + 301);
    expect(guard.size).toBe(1);
  });

  it("never holds more than its capacity", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.string({ minLength: 1 }), { maxLength: 100 }),
        (cap, sigs) => {
          const guard = new ReplayGuard({ capacity: cap });
          for (const s of sigs) guard.firstUse(s, NOW, NOW);
          expect(guard.size).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });

  it("refuses every repeat among any sequence that fits in its capacity", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 30 }), (sigs) => {
        const guard = new ReplayGuard();
        const seen = new Set<string>();
        for (const s of sigs) {
          expect(guard.firstUse(s, NOW, NOW)).toBe(!seen.has(s));
          seen.add(s);
        }
      }),
    );
  });
});
