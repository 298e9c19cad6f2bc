/**
 * `scrubEvent`'s fast paths (selector gates, detector prefilters, prepared shapes, skipped rules)
 * against the straightforward scrubber in `test-reference.ts`: same event, same count, on generated
 * events, on real SDK payloads with personal data put anywhere, and under configs that use every
 * detector, custom rules and selectors of each kind. Also checks each detector's `needs` directly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import nodeException from "../normalize/fixtures/node-exception.input.json";
import pythonLogentry from "../normalize/fixtures/python-logentry.input.json";
import { normalizeEvent } from "../normalize/index.ts";
import type { Event } from "../schema/index.ts";
import { DETECTOR_MATCHERS } from "./builtin.ts";
import { DETECTOR_TYPES } from "./config.ts";
import { mayMatch, textFeatures } from "./prefilter.ts";
import { scrubEvent } from "./scrub.ts";
import { build, eventParts, key, slots, spicy, text, withCard } from "./test-arbitraries.ts";
import { compiled, makeEvent, PEM, sampleEvent } from "./test-event.ts";
import { referenceScrub } from "./test-reference.ts";

const ALL_DETECTORS = DETECTOR_TYPES.map((t) => `@${t}`);

const CONFIGS = [
  compiled(),
  compiled({ scrubIpAddresses: true }),
  compiled({ sensitiveFields: ["order", "shard"], safeFields: ["browser", "$frame.vars.password", "extra.**"] }),
  compiled({ applications: { $string: ["@email:replace", "@ip:mask", "@uuid"], "$frame.vars": ["@anything:remove"] } }),
  compiled({
    scrubData: false,
    applications: { "$string || $number": [...ALL_DETECTORS, "@urlauth:legacy"], "**.token": ["@anything:hash"] },
  }),
  compiled({
    rules: {
      order: { type: "pattern", pattern: "(?i)(order-)(\\d+)", replaceGroups: [2], redaction: { method: "mask" } },
      secretish: { type: "redactPair", keyPattern: "note|msg" },
      both: { type: "multiple", rules: ["@mac", "@imei", "@userpath"], redaction: { method: "hash" } },
    },
    applications: {
      "$http.headers.* || $http.cookies.*": ["order"],
      "extra.** && !extra.nested": ["secretish", "both"],
      "$error.value || $logentry.formatted || 0": ["@email:mask", "@ip"],
      "$breadcrumb.data.* || $user.*": ["@anything:replace"],
    },
  }),
];
const config = fc.integer({ min: 0, max: CONFIGS.length - 1 });

/** Strings that tickle every detector, alone and in pieces. */
const detectorText = fc
  .array(
    fc.oneof(
      spicy,
      withCard,
      text,
      fc.constantFrom(
        "00:1B:44:11:3A:B7",
        "00-1b-44-11-3a-b7",
        "35-209900-176148-1",
        "490154203237518",
        "C:\\Users\\jane\\x",
        "/home/jane/x",
        "/Users/jane",
        "2001:db8::8a2e:370:7334",
        "::ffff:192.0.2.1",
        "192.168.0.1",
        "jane.doe@example.co.uk",
        "%3A",
        "%2F",
        "%2f%2fu:p%40h",
        "https://user:p@ss@host/",
        "bEaReR  tok",
        "GB82 WEST 1234 5698 7654 32",
        "NL91ABNA0417164300",
        "2026-11-20T08:00:00.000Z",
        "f2154c22422c7e3d81a8b77231736f84",
        "12345678901234567890",
        PEM,
        "sessionid=abc; csrftoken=x",
        "order-12345",
      ),
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(""));

function same(event: Event, cfg: number): void {
  const input = JSON.stringify(event);
  const fast = scrubEvent(event, CONFIGS[cfg]!);
  const slow = referenceScrub(event, CONFIGS[cfg]!);
  expect(fast).toEqual(slow);
  expect(JSON.stringify(event)).toBe(input);
}

/** Replaces the `n`-th string or number leaf of a JSON value (counting in document order). */
function replaceLeaf(value: unknown, n: number, by: string): unknown {
  let seen = 0;
  const go = (v: unknown): unknown => {
    if (typeof v === "string" || typeof v === "number") return seen++ === n ? by : v;
    if (Array.isArray(v)) return v.map(go);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, go(c)]));
    return v;
  };
  return go(value);
}

const FIXTURES: unknown[] = [nodeException, pythonLogentry, sampleEvent()];

describe("scrubEvent equals the reference scrubber", () => {
  it("on generated events with personal data in SDK places", () => {
    fc.assert(
      fc.property(
        eventParts,
        fc.array(fc.tuple(fc.integer({ min: 0, max: slots.length - 1 }), detectorText, key), { maxLength: 5 }),
        config,
        (parts, placements, cfg) => {
          const raw = build(parts);
          for (const [slot, value, k] of placements) slots[slot]!(raw, value, k);
          same(makeEvent(raw), cfg);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("on real SDK payloads with a value anywhere replaced", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.array(fc.tuple(fc.nat({ max: 200 }), detectorText), { maxLength: 4 }),
        config,
        (fixture, replacements, cfg) => {
          let raw = fixture;
          for (const [n, by] of replacements) raw = replaceLeaf(raw, n, by);
          same(normalizeEvent(raw, { received: 1_800_000_000 }), cfg);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("on any normalized JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), config, (input, cfg) => {
        same(normalizeEvent(input, { received: 1_800_000_000 }), cfg);
      }),
      { numRuns: 400 },
    );
  });

  it("on the fixtures as they are", () => {
    for (const fixture of FIXTURES) {
      for (let cfg = 0; cfg < CONFIGS.length; cfg++) same(normalizeEvent(fixture, { received: 1_800_000_000 }), cfg);
    }
    expect(scrubEvent(sampleEvent(), CONFIGS[0]!).scrubbed).toBeGreaterThan(10);
  });
});

describe("detector needs", () => {
  it("hold for every text a detector finds something in", () => {
    const detectors = Object.entries(DETECTOR_MATCHERS).flatMap(([type, matchers]) =>
      matchers.flatMap((m) => (m.kind === "find" && m.needs ? [{ type, find: m.find, needs: m.needs }] : [])),
    );
    expect(detectors.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(detectorText, (s) => {
        for (const d of detectors) {
          if (d.find(s).length > 0) expect(mayMatch(s, textFeatures(s), d.needs), `${d.type}: ${s}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("reject what cannot match", () => {
    const [card] = DETECTOR_MATCHERS.creditcard;
    if (card?.kind !== "find") throw new Error("creditcard is a finder");
    expect(mayMatch("no digits here", textFeatures("no digits here"), card.needs)).toBe(false);
    expect(mayMatch("4111 1111 1111 1111", textFeatures("4111 1111 1111 1111"), card.needs)).toBe(true);
    // A percent-escape may hide anything.
    expect(mayMatch("q=%34", textFeatures("q=%34"), card.needs)).toBe(true);
  });
});
