/**
 * The fast path's contract (fast-parse.ts): for every event field schema it covers, on any input, it
 * either defers to zod or produces exactly zod's output (same JSON, key order included), and it always
 * defers when zod rejects.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { FrameSchema } from "../schema/frame.ts";
import { EVENT_FIELD_SCHEMAS } from "../schema/index.ts";
import { compileFastParser, DEFER } from "./fast-parse.ts";
import nodeException from "./fixtures/node-exception.input.json";
import pythonLogentry from "./fixtures/python-logentry.input.json";

const schemas = Object.entries(EVENT_FIELD_SCHEMAS) as [string, z.ZodType][];
const covered = schemas.filter(([, schema]) => compileFastParser(schema) !== undefined);

const frame = fc.record(
  {
    filename: fc.oneof(fc.string(), fc.integer()),
    function: fc.string(),
    lineno: fc.oneof(fc.integer(), fc.double(), fc.constant(null)),
    colno: fc.integer(),
    in_app: fc.oneof(fc.boolean(), fc.string()),
    pre_context: fc.array(fc.oneof(fc.string(), fc.constant(null)), { maxLength: 2 }),
    vars: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
    extra_key: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);
const plausible = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ values: fc.array(fc.record({ type: fc.string(), stacktrace: fc.record({ frames: fc.array(frame) }) })) }),
  fc.record({ frames: fc.array(frame, { maxLength: 4 }) }),
  fc.array(frame, { maxLength: 3 }),
  fc.record({ name: fc.string(), version: fc.oneof(fc.string(), fc.integer()), integrations: fc.array(fc.string()) }),
  fc.dictionary(fc.constantFrom("url", "method", "headers", "data", "__proto__", "x"), fc.jsonValue({ maxDepth: 2 })),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
);

/** A fresh copy of a JSON-like value (each parser gets its own, as each event is parsed once). */
const copy = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** zod's answer and the fast path's, for comparison. */
function both(schema: z.ZodType, value: unknown): { zod: string | undefined; fast: string | typeof DEFER } {
  const parsed = schema.safeParse(copy(value));
  const fast = compileFastParser(schema)?.(copy(value)) ?? DEFER;
  return {
    zod: parsed.success ? JSON.stringify(parsed.data) : undefined,
    fast: fast === DEFER ? DEFER : JSON.stringify(fast),
  };
}

describe("fast parse", () => {
  it("covers the frame-heavy fields (otherwise it saves nothing)", () => {
    const names = covered.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(["exception", "stacktrace", "breadcrumbs", "request", "sdk"]));
    expect(compileFastParser(FrameSchema)).toBeDefined();
  });

  it.each(covered)(
    "%s: defers or equals zod, and defers whenever zod rejects",
    (_name, schema) => {
      fc.assert(
        fc.property(plausible, (value) => {
          const { zod, fast } = both(schema, value);
          if (zod === undefined) expect(fast).toBe(DEFER);
          else if (fast !== DEFER) expect(fast).toBe(zod);
        }),
        { numRuns: 300 },
      );
    },
    30_000,
  );

  it("takes the fast path on real SDK payloads and matches zod there", () => {
    for (const input of [nodeException, pythonLogentry] as Record<string, unknown>[]) {
      for (const [name, schema] of covered) {
        if (input[name] === undefined) continue;
        const { zod, fast } = both(schema, input[name]);
        expect(fast, name).not.toBe(DEFER);
        expect(fast, name).toBe(zod);
      }
    }
  });

  it("defers on a `__proto__` key instead of guessing zod's handling", () => {
    const parse = compileFastParser(FrameSchema);
    expect(parse?.(JSON.parse('{"filename":"a.js","__proto__":{"x":1}}'))).toBe(DEFER);
  });
});
