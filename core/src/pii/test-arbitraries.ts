/**
 * @module
 * Test helper: fast-check arbitraries for the scrubber's property tests — plausible events, test card
 * numbers as people write them, strings full of what the rules react to, and the places SDKs put
 * free text.
 */
import fc from "fast-check";

export const CARDS = ["4111111111111111", "5555555555554444", "378282246310005"];

/** Card numbers as people write them. */
const card = fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom("plain", "spaces", "dashes")).map(([c, style]) => {
  if (style === "plain") return c;
  const groups = c.length === 15 ? [c.slice(0, 4), c.slice(4, 10), c.slice(10)] : c.match(/.{4}/g)!;
  return groups.join(style === "spaces" ? " " : "-");
});

/** Random text around the card, with a non-digit boundary on each side (else it is another number). */
const boundary = fc.constantFrom(" ", ": ", "=", "\n", "(", ")", ",", "'", '"', "/", "x", "é", "_", "#");
export const text = fc.string({ maxLength: 12, unit: "binary" });
export const withCard = fc
  .tuple(text, boundary, card, boundary, text)
  .map(([pre, b1, c, b2, post]) => `${pre}${b1}${c}${b2}${post}`);

/** Strings built from fragments that the rules react to, to look for interactions between rules. */
export const spicy = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "password",
        "token=",
        "Bearer ",
        "https://u:p@h/",
        "redis://:pw@h",
        "DE89 3704 0044 0532 0130 00",
        "078-05-1120",
        "10.0.0.1",
        "::1",
        "fe80::1",
        "a@b.co",
        "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----",
        "%20",
        "%40",
        "4111",
        "5555 5555 5555 4444",
        " ",
        "-",
        "+",
        "sessionid=x; ",
        "[Filtered]",
        "ceee0822-ed8f-4622-b2a3-789e73e75cd1",
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(""));

export const key = fc
  .oneof(fc.constantFrom("note", "value", "card", "data", "msg", "info"), fc.string({ minLength: 1, maxLength: 8 }))
  .filter((k) => k !== "__proto__");
const plain = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
const bag = fc.dictionary(key, fc.oneof(plain, fc.dictionary(key, plain, { maxKeys: 3 })), { maxKeys: 4 });

/** A plausible event, every part optional. */
export const eventParts = fc.record(
  {
    message: fc.string({ maxLength: 30 }),
    value: fc.string({ maxLength: 30 }),
    vars: bag,
    extra: bag,
    contexts: fc.dictionary(key, bag, { maxKeys: 2 }),
    headers: fc.array(
      fc.tuple(fc.constantFrom("Accept", "X-Custom", "Referer", "Cookie"), fc.string({ maxLength: 20 })),
      {
        maxLength: 3,
      },
    ),
    tags: fc.array(fc.tuple(fc.constantFrom("browser", "os", "order", "shard"), fc.string({ maxLength: 20 })), {
      maxLength: 3,
    }),
    crumbs: fc.array(fc.record({ message: fc.string({ maxLength: 20 }), data: bag }), { maxLength: 3 }),
    user: fc.record({ id: fc.string({ maxLength: 10 }), ip_address: fc.ipV4() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

export type Parts = typeof eventParts extends fc.Arbitrary<infer T> ? T : never;

export function build(p: Parts): Record<string, unknown> {
  return {
    ...(p.message !== undefined ? { logentry: { message: p.message, formatted: p.message } } : {}),
    exception: {
      values: [
        {
          type: "Error",
          ...(p.value !== undefined ? { value: p.value } : {}),
          stacktrace: { frames: [{ filename: "app.js", function: "f", lineno: 1, vars: p.vars ?? {} }] },
        },
      ],
    },
    request: { url: "https://example.com/", headers: p.headers ?? [] },
    extra: p.extra ?? {},
    contexts: p.contexts ?? {},
    tags: p.tags ?? [],
    breadcrumbs: { values: p.crumbs ?? [] },
    ...(p.user ? { user: p.user } : {}),
  };
}

/** Puts `value` at one of the places SDKs put free text. */
// biome-ignore lint/suspicious/noExplicitAny: test fixtures poke into the raw JSON payload
export const slots: ((e: Record<string, any>, value: string, k: string) => void)[] = [
  (e, v, k) => Object.defineProperty(e.extra, k, { value: v, enumerable: true, writable: true, configurable: true }),
  (e, v, k) => {
    e.extra.nested = { [k]: [v] };
  },
  (e, v) => e.tags.push(["order", v]),
  (e, v) => {
    e.logentry = { message: v, formatted: v };
  },
  (e, v) => {
    e.exception.values[0].value = v;
  },
  (e, v, k) => {
    e.exception.values[0].stacktrace.frames[0].vars[`v_${k}`] = v;
  },
  (e, v) => e.request.headers.push(["X-Note", v]),
  (e, v) => {
    e.request.query_string = `q=${encodeURIComponent(v)}`;
  },
  (e, v) => e.breadcrumbs.values.push({ message: v }),
  (e, v, k) => e.breadcrumbs.values.push({ category: "ui", data: { [`d_${k}`]: v } }),
  (e, v) => {
    e.contexts.payment = { note: v };
  },
  (e, v) => {
    e.user = { ...e.user, username: v };
  },
];
