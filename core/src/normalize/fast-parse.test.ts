/**
 * The fast path's contract (fast-parse.ts): for every event field schema it covers, and for the
 * ingest record schema the backend checks, on any input, it either defers to zod or produces exactly
 * zod's output (same JSON, key order included), and it always defers when zod rejects; in both modes
 * (copying, and `reuse` of the input).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FrameSchema } from "../schema/frame.ts";
import { EVENT_FIELD_SCHEMAS, IngestRecordSchema, LEVELS } from "../schema/index.ts";
import { compileFastParser, DEFER, type FastParseOptions } from "./fast-parse.ts";
import nodeException from "./fixtures/node-exception.input.json";
import pythonLogentry from "./fixtures/python-logentry.input.json";
import { normalizeEvent } from "./normalize.ts";

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

const MODES: Array<[string, FastParseOptions]> = [
  ["copy", {}],
  ["reuse", { reuse: true }],
];

/** zod's answer and the fast path's, for comparison. */
function both(
  schema: z.ZodType,
  value: unknown,
  o: FastParseOptions = {},
): { zod: string | undefined; fast: string | typeof DEFER } {
  const parsed = schema.safeParse(copy(value));
  const fast = compileFastParser(schema, o)?.(copy(value)) ?? DEFER;
  return {
    zod: parsed.success ? JSON.stringify(parsed.data) : undefined,
    fast: fast === DEFER ? DEFER : JSON.stringify(fast),
  };
}

/** The contract, on `runs` values of `arbitrary`: the fast path defers or equals zod, and defers whenever zod rejects. */
function defersOrEqualsZod(schema: z.ZodType, arbitrary: fc.Arbitrary<unknown>, o: FastParseOptions, runs: number) {
  fc.assert(
    fc.property(arbitrary, (value) => {
      const { zod, fast } = both(schema, value, o);
      if (zod === undefined) expect(fast).toBe(DEFER);
      else if (fast !== DEFER) expect(fast).toBe(zod);
    }),
    { numRuns: runs },
  );
}

describe("fast parse", () => {
  it("covers the frame-heavy fields (otherwise it saves nothing)", () => {
    const names = covered.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(["exception", "stacktrace", "breadcrumbs", "request", "sdk"]));
    expect(compileFastParser(FrameSchema)).toBeDefined();
  });

  it.each(covered.flatMap(([name, schema]) => MODES.map(([mode, o]) => [name, mode, schema, o] as const)))(
    "%s (%s): defers or equals zod, and defers whenever zod rejects",
    (_name, _mode, schema, o) => {
      defersOrEqualsZod(schema, plausible, o, 300);
    },
    30_000,
  );

  it("takes the fast path on real SDK payloads and matches zod there", () => {
    for (const input of [nodeException, pythonLogentry] as Record<string, unknown>[]) {
      for (const [name, schema] of covered) {
        if (input[name] === undefined) continue;
        for (const [mode, o] of MODES) {
          const { zod, fast } = both(schema, input[name], o);
          // Raw SDK values zod refuses (a level "warn", say) are normalize's to correct, via zod.
          if (zod === undefined) expect(fast, `${name} ${mode}`).toBe(DEFER);
          else expect(fast, `${name} ${mode}`).toBe(zod);
        }
      }
    }
  });

  it("defers on a `__proto__` key instead of guessing zod's handling", () => {
    const parse = compileFastParser(FrameSchema);
    expect(parse?.(JSON.parse('{"filename":"a.js","__proto__":{"x":1}}'))).toBe(DEFER);
  });
});

/** A `kind: "event"` record as the edge forwards it, from a real SDK payload. */
function edgeRecord(input: Record<string, unknown>): Record<string, unknown> {
  const event = normalizeEvent(copy(input) as Record<string, unknown>, { received: 1_700_000_000.5 });
  return copy({ kind: "event", project_id: 3, key_id: 7, received: 1_700_000_000.5, event }) as Record<string, unknown>;
}

/** Records near the schema's edges: every top-level and event field sometimes wrong, missing or odd. */
const recordLike = fc.record(
  {
    kind: fc.constantFrom("event", "transaction", "session", "attachment", "user_report", "profile", 1),
    project_id: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.constant("1"), fc.constant(2 ** 60)),
    key_id: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(1.5)),
    received: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string()),
    event: fc.record(
      {
        event_id: fc.oneof(
          fc.constant("9ec79c33ec9942ab8353589fcb2e04dc"),
          fc.constant("9EC79C33EC9942AB8353589FCB2E04DC"),
          fc.string({ maxLength: 33 }),
        ),
        timestamp: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 3 })),
        received: fc.double({ noNaN: true, noDefaultInfinity: true }),
        platform: fc.oneof(fc.constant("node"), fc.integer()),
        level: fc.oneof(fc.constantFrom(...LEVELS), fc.constantFrom("critical", "Error", "")),
        release: fc.oneof(fc.string(), fc.integer()),
        tags: fc.oneof(
          fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 3 }),
          fc.array(fc.tuple(fc.string(), fc.oneof(fc.integer(), fc.boolean())), { maxLength: 2 }),
          fc.array(fc.array(fc.string(), { maxLength: 3 }), { maxLength: 2 }),
          fc.dictionary(fc.string(), fc.string()),
        ),
        user: fc.record(
          { id: fc.oneof(fc.string(), fc.integer(), fc.boolean()), email: fc.oneof(fc.string(), fc.integer()) },
          { requiredKeys: [] },
        ),
        exception: fc.record({ values: fc.array(fc.record({ type: fc.string(), value: fc.string() })) }),
        breadcrumbs: fc.oneof(
          fc.record({ values: fc.array(fc.record({ message: fc.string() })) }),
          fc.array(fc.string()),
        ),
        errors: fc.array(fc.record({ type: fc.oneof(fc.string(), fc.integer()) }), { maxLength: 2 }),
        extra_key: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
    session: fc.record({ release: fc.string(), errored: fc.integer() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

describe("fast parse of ingest records (the backend's check, issue 8)", () => {
  const real = [nodeException, pythonLogentry].map((x) => edgeRecord(x as Record<string, unknown>));

  it("has a fast path for the whole record schema", () => {
    for (const [, o] of MODES) expect(compileFastParser(IngestRecordSchema, o)).toBeDefined();
  });

  it.each(MODES)(
    "%s: defers or equals zod on arbitrary records, and defers whenever zod rejects",
    (_mode, o) => {
      const arbitrary = fc.oneof(
        recordLike,
        // Real records with one field replaced (so the rest of the record is valid).
        fc
          .tuple(
            fc.constantFrom(...real),
            fc.constantFrom("kind", "project_id", "level", "event_id", "tags", "user"),
            fc.jsonValue({ maxDepth: 2 }),
          )
          .map(([record, key, value]) => {
            const r = copy(record) as { event: Record<string, unknown> } & Record<string, unknown>;
            if (key in r) r[key] = value;
            else r.event[key] = value;
            return r;
          }),
      );
      defersOrEqualsZod(IngestRecordSchema, arbitrary, o, 1_000);
    },
    30_000,
  );

  it("takes the fast path on records the edge builds, and matches zod there", () => {
    for (const record of real) {
      for (const [mode, o] of MODES) {
        const { zod, fast } = both(IngestRecordSchema, record, o);
        expect(zod, mode).toBeDefined();
        expect(fast, mode).toBe(zod);
      }
    }
  });

  it("reuse hands back the parsed JSON itself when zod's output would equal it (no copy)", () => {
    const parse = compileFastParser(IngestRecordSchema, { reuse: true });
    for (const record of real) {
      // zod's own output is, by definition, already in the schema's shape and key order.
      const canonical = copy(IngestRecordSchema.parse(record)) as { event: { exception?: unknown } };
      const out = parse?.(canonical) as typeof canonical;
      expect(out).toBe(canonical);
      // A record whose event keys are out of shape order gets a new event object, but its untouched
      // parts (the exception and its frames) are still the input's.
      const shuffled = copy(record) as typeof canonical;
      const reordered = parse?.(shuffled) as typeof canonical;
      expect(JSON.stringify(reordered)).toBe(JSON.stringify(IngestRecordSchema.parse(record)));
      if (shuffled.event.exception) expect(reordered.event.exception).toBe(shuffled.event.exception);
    }
  });

  it("copy mode never returns the input's objects", () => {
    const parse = compileFastParser(IngestRecordSchema);
    const canonical = copy(IngestRecordSchema.parse(real[0])) as { event: unknown };
    const out = parse?.(canonical) as typeof canonical;
    expect(out).not.toBe(canonical);
    expect(out.event).not.toBe(canonical.event);
  });
});

describe("fast parse of single constructs", () => {
  const constructs: Array<[string, z.ZodType]> = [
    ["enum", z.enum(LEVELS)],
    ["literal", z.literal("event")],
    ["regex", z.string().regex(/^[0-9a-f]{4}$/)],
    ["global regex", z.string().regex(/a/g)],
    ["positive int", z.number().int().positive()],
    ["bounded number", z.number().min(-1).max(1)],
    ["tuple", z.tuple([z.string(), z.number()])],
    ["union of primitives", z.union([z.string(), z.number(), z.boolean()])],
    ["union with transform", z.union([z.string(), z.number()]).transform(String)],
    [
      "discriminated union",
      z.discriminatedUnion("t", [
        z.object({ t: z.literal("a"), n: z.number() }),
        z.looseObject({ t: z.literal("b"), s: z.string().optional() }),
      ]),
    ],
    ["strict object", z.object({ a: z.string(), b: z.number().optional(), c: z.array(z.string()).default([]) })],
  ];
  const values = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom("abcd", "ABCD", "aaa", "error", "critical", "event", 0, 1, -1, 0.5, 2 ** 60, -0, true),
    fc.tuple(fc.oneof(fc.string(), fc.integer()), fc.oneof(fc.integer(), fc.string())),
    fc.record(
      { t: fc.constantFrom("a", "b", "c"), n: fc.oneof(fc.integer(), fc.string()), s: fc.string(), x: fc.integer() },
      { requiredKeys: [] },
    ),
    fc.record({ a: fc.string(), b: fc.integer(), c: fc.array(fc.string()), d: fc.integer() }, { requiredKeys: [] }),
  );

  it.each(constructs.flatMap(([name, schema]) => MODES.map(([mode, o]) => [name, mode, schema, o] as const)))(
    "%s (%s): compiles, defers or equals zod, defers whenever zod rejects",
    (_name, _mode, schema, o) => {
      expect(compileFastParser(schema, o)).toBeDefined();
      defersOrEqualsZod(schema, values, o, 300);
    },
  );

  it("leaves what it cannot vouch for to zod", () => {
    expect(compileFastParser(z.union([z.string(), z.object({ a: z.string() })]))).toBeUndefined();
    expect(compileFastParser(z.tuple([z.string()], z.number()))).toBeUndefined();
    expect(compileFastParser(z.string().min(3))).toBeUndefined();
    expect(compileFastParser(z.number().multipleOf(2))).toBeUndefined();
    expect(compileFastParser(z.string().transform((v, ctx) => (ctx ? v : v)))).toBeUndefined();
  });
});
