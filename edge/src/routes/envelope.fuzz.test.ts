/**
 * Hostile input (issue 9): the envelope endpoint inside workerd against a corpus of malformed and
 * malicious requests and against fast-check generated ones. For each: never a 5xx, never a hang (each
 * case runs under a timeout), a clear 4xx with a JSON `detail`, and the outcome the README documents:
 * `invalid` with a reason once the key is known, nothing before that (an unknown sender cannot make
 * us count anything on someone else's behalf).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compress, envelope, gzipBomb, nodeEvent } from "../testutil/envelopes.ts";
import { projectConfig } from "../testutil/fake-backend.ts";
import { newHarness, PROJECT_ID, PUBLIC_KEY, sentryAuth } from "../testutil/harness.ts";
import { nodeZlibBomb } from "../testutil/node-zlib.ts";
import { outcomeTotals } from "../testutil/outcomes.ts";
import { eventId } from "../testutil/records.ts";

const url = `/api/${PROJECT_ID}/envelope/`;
const auth = { "x-sentry-auth": sentryAuth() };
const encoder = new TextEncoder();
const bytes = (...parts: (string | Uint8Array)[]) => {
  const chunks = parts.map((p) => (typeof p === "string" ? encoder.encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
};

/** Longest any single hostile request may take inside the test isolate. */
const CASE_TIMEOUT_MS = 15_000;

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
  totals: Record<string, number>;
}

async function send(
  body: BodyInit,
  headers: Record<string, string> = auth,
  h = newHarness(),
  path = url,
): Promise<Answer> {
  const res = await h.request(path, { method: "POST", body, headers });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Kept as text: the assertions below say what they expect.
  }
  return { status: res.status, body: parsed, headers: res.headers, totals: outcomeTotals(h.outcomes.rows()) };
}

/** A 4xx with a JSON detail, and only `invalid` outcomes (at least one). */
function expectRefusedAsInvalid(a: Answer, status: number, reason?: string) {
  expect(a.status).toBe(status);
  expect(a.body).toMatchObject({ detail: expect.any(String) });
  const keys = Object.keys(a.totals);
  expect(keys.length).toBeGreaterThan(0);
  for (const k of keys) expect(k).toMatch(/^invalid /);
  if (reason)
    expect(
      keys.some((k) => k.startsWith(`invalid ${reason} `)),
      JSON.stringify(a.totals),
    ).toBe(true);
}

const event = (overrides: Record<string, unknown> = {}) => nodeEvent(eventId(), overrides);

describe("malformed envelopes: 4xx and an invalid outcome", () => {
  const valid = JSON.stringify(event());
  it.each<[string, () => BodyInit | Promise<BodyInit>, number, string]>([
    ["truncated envelope header", () => '{"event_id":"', 400, "invalid_envelope"],
    [
      "truncated item payload (length beyond the end)",
      () => `{}\n{"type":"event","length":${valid.length}}\n${valid.slice(0, 20)}`,
      400,
      "invalid_envelope",
    ],
    [
      "length shorter than the payload (rest becomes a broken item header)",
      () => `{}\n{"type":"event","length":5}\n${valid}\n`,
      400,
      "invalid_envelope",
    ],
    ["negative length", () => `{}\n{"type":"event","length":-5}\n${valid}\n`, 400, "invalid_envelope"],
    ["fractional length", () => `{}\n{"type":"event","length":1.5}\n${valid}\n`, 400, "invalid_envelope"],
    ["length as a string", () => `{}\n{"type":"event","length":"12"}\n${valid}\n`, 400, "invalid_envelope"],
    ["huge length (1e308)", () => `{}\n{"type":"event","length":1e308}\n${valid}\n`, 400, "invalid_envelope"],
    ["length past 2^53", () => `{}\n{"type":"event","length":9007199254740993}\n${valid}\n`, 400, "invalid_envelope"],
    ["item header that is an array", () => `{}\n[1,2]\n${valid}\n`, 400, "invalid_envelope"],
    ["envelope header that is a string", () => `"hello"\n{"type":"event"}\n${valid}\n`, 400, "invalid_envelope"],
    ["item header without type", () => `{}\n{"length":2}\n{}\n`, 400, "invalid_envelope"],
    [
      "invalid UTF-8 in the envelope header",
      () => bytes('{"event_id":"', new Uint8Array([0xff, 0xfe, 0xc3]), '"}\n{"type":"event"}\n{}\n'),
      400,
      "invalid_envelope",
    ],
    [
      "invalid UTF-8 in the event payload",
      () => bytes('{}\n{"type":"event"}\n{"message":"', new Uint8Array([0xc3, 0x28, 0xa0, 0xa1]), '"}\n'),
      400,
      "invalid_json",
    ],
    ["NUL bytes in the item header", () => `{}\n{"type":"ev\u0000ent"\u0000}\n{}\n`, 400, "invalid_envelope"],
    ["event payload that is not JSON", () => `{}\n{"type":"event"}\n{nope\n`, 400, "invalid_json"],
    [
      "deeply nested JSON event (100k levels)",
      () => `{}\n{"type":"event"}\n${"[".repeat(100_000)}${"]".repeat(100_000)}\n`,
      400,
      "invalid_json",
    ],
    [
      "deeply nested envelope header (100k levels)",
      () => `${"[".repeat(100_000)}${"]".repeat(100_000)}\n{"type":"event"}\n{}\n`,
      400,
      "invalid_envelope",
    ],
    [
      "10,001 items (over the 1,000 item cap)",
      () => `{}\n${'{"type":"event","length":2}\n{}\n'.repeat(10_001)}`,
      400,
      "invalid_envelope",
    ],
    [
      "event over 1 MiB",
      () => `{}\n{"type":"event"}\n${JSON.stringify(event({ message: "x".repeat(1_100_000) }))}\n`,
      413,
      "too_large:event",
    ],
  ])(
    "%s",
    async (_name, body, status, reason) => {
      const a = await send(await body());
      expectRefusedAsInvalid(a, status, reason);
    },
    CASE_TIMEOUT_MS,
  );

  it.each<[string, () => Promise<Uint8Array>, string]>([
    ["gzip", () => gzipBomb(64 * 1024 * 1024), "gzip"],
    ["deflate", async () => compress(new Uint8Array(64 * 1024 * 1024), "deflate"), "deflate"],
    ["br", () => nodeZlibBomb("br", 64 * 1024 * 1024), "br"],
    ["zstd", () => nodeZlibBomb("zstd", 64 * 1024 * 1024), "zstd"],
  ])(
    "a %s decompression bomb: 413 while streaming, too_large:envelope",
    async (_name, build, encoding) => {
      const h = newHarness({ limits: { maxEnvelopeBytes: 4 * 1024 * 1024 } });
      const a = await send(await build(), { ...auth, "content-encoding": encoding }, h);
      expectRefusedAsInvalid(a, 413, "too_large:envelope");
    },
    60_000,
  );

  it("a gzip bomb inside gzip (Content-Encoding: gzip, gzip): refused, never inflated twice", async () => {
    const inner = await gzipBomb(16 * 1024 * 1024);
    const outer = await compress(inner, "gzip");
    const a = await send(outer, { ...auth, "content-encoding": "gzip, gzip" });
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a.status).toBeLessThan(500);
    for (const k of Object.keys(a.totals)) expect(k).toMatch(/^invalid /);
  }, 60_000);
});

describe("hostile values inside well-formed envelopes: no 5xx; stored sanitized or refused", () => {
  it.each<[string, Record<string, unknown>]>([
    ["huge numbers", { timestamp: 1e308, level: 1e308, extra: { n: Number.MAX_VALUE, neg: -Number.MAX_VALUE } }],
    ["NaN-like and negative timestamps", { timestamp: -1e15, start_timestamp: "NaN" }],
    [
      "NUL bytes everywhere",
      { message: "a\u0000b", tags: { "k\u0000": "v\u0000" }, environment: "\u0000", release: "\u0000" },
    ],
    ["lone surrogates", { message: "\ud800 half", tags: { x: "\udfff" } }],
    ["CRLF in fields that could be echoed", { release: "1.0\r\nSet-Cookie: x=1", environment: "prod\r\nX-Evil: 1" }],
    [
      "prototype pollution keys",
      JSON.parse(
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"tags":{"__proto__":"x"}}',
      ),
    ],
    [
      "wrong types in every field",
      { exception: "nope", tags: 5, user: [1], contexts: "x", breadcrumbs: { values: 7 }, level: {}, sdk: 1 },
    ],
    ["10k breadcrumbs", { breadcrumbs: { values: Array.from({ length: 10_000 }, (_, i) => ({ message: `b${i}` })) } }],
    ["wide object (20k keys)", { extra: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])) }],
  ])(
    "%s",
    async (_name, overrides) => {
      const h = newHarness();
      const a = await send(envelope({}, [{ type: "event", payload: event(overrides) }]), auth, h);
      expect(a.status).toBeLessThan(500);
      if (a.status === 200) {
        expect(a.totals).toEqual({ "accepted - error": 1 });
        expect(h.queue.sent).toHaveLength(1);
        // Normalization trims depth and breadth: what goes on is bounded, whatever came in.
        expect(JSON.stringify(h.queue.sent[0]).length).toBeLessThan(1024 * 1024);
        // Nothing we stored reintroduces a prototype pollution.
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      } else {
        expectRefusedAsInvalid(a, a.status);
      }
      for (const [, value] of a.headers) expect(value).not.toMatch(/[\r\n]/);
    },
    CASE_TIMEOUT_MS,
  );
});

describe("numbers JSON allows but doubles do not hold", () => {
  it.each([
    ["1e400 (Infinity once parsed)", "1e400"],
    ["-1e400", "-1e400"],
    ["a 400-digit integer", "9".repeat(400)],
    ["2^64 + 1", "18446744073709551617"],
    ["a tiny denormal", "4.9e-325"],
  ])(
    "%s as timestamp, level, tag and extra: never a 5xx",
    async (_name, n) => {
      const h = newHarness();
      const payload = `{"message":"m","timestamp":${n},"level":${n},"tags":{"n":${n}},"extra":{"n":${n}},"user":{"id":${n}}}`;
      const a = await send(`{}\n{"type":"event"}\n${payload}\n`, auth, h);
      expect(a.status).toBeLessThan(500);
      if (a.status === 200) expect(a.totals).toEqual({ "accepted - error": 1 });
      else expectRefusedAsInvalid(a, a.status);
    },
    CASE_TIMEOUT_MS,
  );
});

describe("deep nesting the parser takes but a recursive serializer would not", () => {
  // V8's JSON.parse is iterative, JSON.stringify is recursive: a 50k-deep value parses fine and then
  // overflows the stack in any code that serializes it as is. Built as text for that reason.
  const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
  it.each([
    ["under an unknown top-level field", (d: string) => `{"message":"m","zz":${d}}`],
    ["in extra", (d: string) => `{"message":"m","extra":{"deep":${d}}}`],
    ["in contexts", (d: string) => `{"message":"m","contexts":{"deep":${d}}}`],
    ["in tags", (d: string) => `{"message":"m","tags":{"deep":${d}}}`],
    ["in a breadcrumb's data", (d: string) => `{"message":"m","breadcrumbs":{"values":[{"data":${d}}]}}`],
    [
      "in a stack frame's vars",
      (d: string) => `{"exception":{"values":[{"type":"E","stacktrace":{"frames":[{"vars":${d}}]}}]}}`,
    ],
    ["in request data", (d: string) => `{"message":"m","request":{"data":${d}}}`],
    ["in user data", (d: string) => `{"message":"m","user":{"data":${d}}}`],
  ])(
    "%s (50k levels): accepted with the value trimmed, or invalid; never a 5xx",
    async (_name, wrap) => {
      const h = newHarness();
      const a = await send(`{}\n{"type":"event"}\n${wrap(deep(50_000))}\n`, auth, h);
      expect(a.status).toBeLessThan(500);
      if (a.status === 200) {
        expect(a.totals).toEqual({ "accepted - error": 1 });
        expect(JSON.stringify(h.queue.sent[0]).length).toBeLessThan(1024 * 1024);
      } else {
        expectRefusedAsInvalid(a, a.status);
      }
    },
    CASE_TIMEOUT_MS,
  );
});

describe("bad credentials: 401/403, never 5xx, nothing counted", () => {
  const body = () => envelope({}, [{ type: "event", payload: event() }]);
  it.each<[string, Record<string, string>, string, number]>([
    ["no auth at all", {}, url, 401],
    ["empty X-Sentry-Auth", { "x-sentry-auth": "" }, url, 401],
    ["X-Sentry-Auth without a key", { "x-sentry-auth": "Sentry sentry_version=7" }, url, 401],
    ["a Bearer token instead", { authorization: "Bearer abc" }, url, 401],
    ["garbage scheme", { "x-sentry-auth": "Basic Zm9vOmJhcg==" }, url, 401],
    ["key with quotes and commas", { "x-sentry-auth": 'Sentry sentry_key="a,b", sentry_version=7' }, url, 401],
    ["a key of the wrong shape", { "x-sentry-auth": sentryAuth("../../etc/passwd") }, url, 401],
    ["a 64 KiB key", { "x-sentry-auth": sentryAuth("a".repeat(65_536)) }, url, 401],
    ["an unknown key", { "x-sentry-auth": sentryAuth("ffffffffffffffffffffffffffffffff") }, url, 403],
    ["query key with CRLF", {}, `${url}?sentry_key=${encodeURIComponent(`${PUBLIC_KEY}\r\nX-Evil: 1`)}`, 401],
    [
      "two different keys in two sources",
      { "x-sentry-auth": sentryAuth() },
      `${url}?sentry_key=ffffffffffffffffffffffffffffffff`,
      400,
    ],
    ["a project id that is not a number", auth, "/api/1%0d%0aX-Evil:%201/envelope/", 404],
    ["a project id past 2^53", auth, "/api/9007199254740993/envelope/", 403],
  ])(
    "%s",
    async (_name, headers, path, status) => {
      const a = await send(body(), headers, newHarness(), path);
      expect(a.status).toBe(status);
      expect(a.totals).toEqual({});
      for (const [name, value] of a.headers) {
        expect(name).not.toMatch(/evil/i);
        expect(value).not.toMatch(/[\r\n]/);
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "a disabled key: 403, nothing stored",
    async () => {
      const h = newHarness();
      const key = "dddddddddddddddddddddddddddddddd";
      h.backend.add(projectConfig({ publicKey: key, keyId: 99, projectId: PROJECT_ID, keyStatus: "disabled" }));
      const a = await send(body(), { "x-sentry-auth": sentryAuth(key) }, h);
      expect(a.status).toBe(403);
      expect(h.queue.sent).toHaveLength(0);
    },
    CASE_TIMEOUT_MS,
  );
});

describe("generated input (fast-check)", () => {
  const settings = { numRuns: 150, interruptAfterTimeLimit: 60_000 };

  it("any bytes as a body: a 200 or a 4xx with an invalid outcome, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (raw) => {
        const a = await send(raw);
        expect(a.status).toBeLessThan(500);
        if (a.status !== 200) expectRefusedAsInvalid(a, a.status);
      }),
      settings,
    );
  }, 120_000);

  it("a valid envelope truncated, spliced or with bytes flipped: never a 5xx, outcomes always recorded", async () => {
    const base = encoder.encode(
      `{"event_id":"${eventId()}"}\n{"type":"event","length":${JSON.stringify(event()).length}}\n${JSON.stringify(event())}\n{"type":"attachment","length":3,"filename":"a.txt"}\nabc\n`,
    );
    const mutation = fc.oneof(
      fc.nat({ max: base.length }).map((cut) => base.slice(0, cut)),
      fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([at, v]) => {
        const copy = base.slice();
        copy[at] = v;
        return copy;
      }),
      fc
        .tuple(fc.nat({ max: base.length }), fc.uint8Array({ minLength: 1, maxLength: 64 }))
        .map(([at, junk]) => bytes(base.slice(0, at), junk, base.slice(at))),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (body) => {
        const a = await send(body);
        expect(a.status).toBeLessThan(500);
        // A cut right after the envelope header leaves a valid envelope with no items: a 200 with
        // nothing to count (as Relay answers). Anything with a byte after the header line counts.
        const afterHeader = new TextDecoder().decode(body).split("\n").slice(1).join("\n");
        if (a.status !== 200 || afterHeader.trim() !== "") expect(Object.keys(a.totals).length).toBeGreaterThan(0);
        if (a.status !== 200) expectRefusedAsInvalid(a, a.status);
      }),
      settings,
    );
  }, 120_000);

  it("any JSON value as the event payload: accepted (normalized) or invalid, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (payload) => {
        const h = newHarness();
        const a = await send(envelope({}, [{ type: "event", payload }]), auth, h);
        expect(a.status).toBeLessThan(500);
        if (a.status === 200) expect(Object.keys(a.totals)).toEqual(["accepted - error"]);
        else expectRefusedAsInvalid(a, a.status);
      }),
      settings,
    );
  }, 120_000);

  it("any X-Sentry-Auth value: 200, 400, 401 or 403, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (value) => {
        const header = value.replace(/[\r\n\0]/g, " ");
        const a = await send(envelope({}, [{ type: "event", payload: event() }]), { "x-sentry-auth": header });
        expect([200, 400, 401, 403]).toContain(a.status);
      }),
      settings,
    );
  }, 120_000);
});
