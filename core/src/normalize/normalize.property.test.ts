/**
 * The contract of normalizeEvent, checked on generated input: it never throws, its output always
 * satisfies EventSchema (also after a JSON round trip, as it travels to the backend), and normalizing
 * its own output changes nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_FIELD_SCHEMAS, EventSchema } from "../schema/index.ts";
import { normalizeEvent } from "./normalize.ts";

const FIELDS = Object.keys(EVENT_FIELD_SCHEMAS);

/** Values shaped like what SDKs send, so that the valid paths are exercised as well as the invalid. */
const plausible = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom("error", "warn", "node", "{{auto}}", "2024-05-01T10:00:00Z", "9ec79c33-ec99-42ab-8353-589fcb2e04dc"),
  fc.double(),
  fc.dictionary(fc.constantFrom("id", "ip_address", "email", "name", "version", "type"), fc.jsonValue({ maxDepth: 2 })),
  fc.array(fc.tuple(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.constant(null))), { maxLength: 4 }),
  fc.record({ values: fc.array(fc.record({ type: fc.string(), value: fc.string() }), { maxLength: 3 }) }),
  // Tags with an environment (moved to the field, or losing to it) and strings around the trim limits.
  fc.array(
    fc.tuple(
      fc.constantFrom("environment", "release", "x"),
      fc.oneof(fc.constantFrom("production", "staging", "a/b", "node"), fc.string()),
    ),
    { maxLength: 3 },
  ),
  fc.string({ minLength: 195, maxLength: 210 }),
  fc.record({
    message: fc.string({ minLength: 8185, maxLength: 8200 }),
    params: fc.array(fc.string(), { maxLength: 2 }),
  }),
);

const eventLike = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS, "__proto__"), fc.string()), plausible, {
  maxKeys: 12,
});

const context = fc.record(
  {
    received: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.double({ noNaN: false })),
    eventId: fc.oneof(fc.string(), fc.uuid()),
    clientIp: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
    sentAt: fc.oneof(
      fc.string(),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    ),
  },
  { requiredKeys: ["received"] },
);

/** 2,000 runs take 2–5 s on a quiet 2-core box and twice that in workerd under shared load. */
const PROPERTY_TIMEOUT_MS = 30_000;

describe("normalizeEvent properties", () => {
  it(
    "never throws and always satisfies EventSchema, on any JSON",
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), eventLike), context, (input, ctx) => {
          const event = normalizeEvent(input, ctx);
          const parsed = EventSchema.safeParse(event);
          if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
          expect(EventSchema.safeParse(JSON.parse(JSON.stringify(event))).success).toBe(true);
          expect(event.errors.every((e) => e.type !== "normalization_failed")).toBe(true);
        }),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "is idempotent: normalizing a normalized event changes nothing",
    () => {
      fc.assert(
        fc.property(eventLike, fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }), (input, received) => {
          const once = JSON.parse(JSON.stringify(normalizeEvent(input, { received, clientIp: "192.0.2.1" })));
          const twice = JSON.parse(JSON.stringify(normalizeEvent(once, { received, clientIp: "192.0.2.1" })));
          expect(twice).toEqual(once);
        }),
        { numRuns: 1000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
