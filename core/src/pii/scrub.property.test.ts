/**
 * The contract of scrubEvent on generated events: it never throws, keeps the event valid, is
 * idempotent, and leaves no test card number anywhere in the serialized result.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeEvent } from "../normalize/index.ts";
import { type Event, EventSchema } from "../schema/index.ts";
import { scrubEvent } from "./scrub.ts";
import { build, CARDS, eventParts, key, slots, spicy, text, withCard } from "./test-arbitraries.ts";
import { compiled, makeEvent } from "./test-event.ts";

const CONFIGS = [
  compiled(),
  compiled({ scrubIpAddresses: true }),
  compiled({ sensitiveFields: ["order", "shard"], safeFields: ["browser"] }),
  compiled({ applications: { $string: ["@email:replace", "@ip:mask", "@uuid"], "$frame.vars": ["@anything:remove"] } }),
];
const config = fc.constantFrom(...CONFIGS);

function valid(event: Event): void {
  const parsed = EventSchema.safeParse(event);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
}

describe("scrubEvent properties", () => {
  it("removes every embedded test card number, wherever it is put", () => {
    fc.assert(
      fc.property(
        eventParts,
        fc.array(fc.tuple(fc.integer({ min: 0, max: slots.length - 1 }), withCard, key), {
          minLength: 1,
          maxLength: 4,
        }),
        (parts, placements) => {
          const raw = build(parts);
          for (const [slot, value, k] of placements) slots[slot]!(raw, value, k);
          const { event } = scrubEvent(makeEvent(raw), CONFIGS[0]!);
          valid(event);
          const json = JSON.stringify(event);
          for (const c of CARDS) expect(json.replace(/[ -]/g, "")).not.toContain(c);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("also catches cards sent as JSON numbers", () => {
    const { event } = scrubEvent(makeEvent({ extra: { n: 4111111111111111, list: [5555555555554444] } }), CONFIGS[0]!);
    expect(JSON.stringify(event)).not.toMatch(/4111111111111111|5555555555554444/);
  });

  it("is idempotent: scrubbing a scrubbed event changes nothing", () => {
    fc.assert(
      fc.property(
        eventParts,
        fc.array(fc.tuple(fc.integer({ min: 0, max: slots.length - 1 }), fc.oneof(withCard, text, spicy), key), {
          maxLength: 4,
        }),
        config,
        (parts, placements, cfg) => {
          const raw = build(parts);
          for (const [slot, value, k] of placements) slots[slot]!(raw, value, k);
          const once = scrubEvent(makeEvent(raw), cfg);
          const twice = scrubEvent(once.event, cfg);
          expect(twice.event).toEqual(once.event);
          expect(twice.scrubbed).toBe(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("never throws and keeps any normalized event valid, also after a JSON round trip", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 5 }), eventParts.map(build)), config, (input, cfg) => {
        const normalized = normalizeEvent(input, { received: 1_800_000_000 });
        const { event } = scrubEvent(normalized, cfg);
        valid(event);
        valid(JSON.parse(JSON.stringify(event)));
        expect(event.errors.some((e) => e.type === "pii_scrubbing_failed")).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("bounds recursion on absurdly deep data", () => {
    let deep: unknown = "4111111111111111";
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const event = makeEvent();
    event.extra = { deep };
    const { event: out } = scrubEvent(event, CONFIGS[0]!);
    expect(JSON.stringify(out)).not.toContain("4111111111111111");
    valid(out);
  });
});
