import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Envelope, parseEnvelope, serializeEnvelope } from "./envelope.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (s: string) => enc.encode(s);

function parseOk(s: string | Uint8Array) {
  const r = parseEnvelope(typeof s === "string" ? bytes(s) : s);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe("parseEnvelope", () => {
  const cases: Array<{ name: string; input: string; items: Array<[string, string]> }> = [
    { name: "header only", input: '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}', items: [] },
    { name: "header only with newline", input: "{}\n", items: [] },
    { name: "newline-delimited item", input: '{}\n{"type":"event"}\n{"a":1}\n', items: [["event", '{"a":1}']] },
    { name: "no trailing newline", input: '{}\n{"type":"event"}\n{"a":1}', items: [["event", '{"a":1}']] },
    {
      name: "explicit length",
      input: '{}\n{"type":"attachment","length":5}\nhello\n',
      items: [["attachment", "hello"]],
    },
    {
      name: "explicit length keeps newlines and CRLF inside",
      input: '{}\n{"type":"attachment","length":6}\na\r\nb\nc\n{"type":"event"}\n{}',
      items: [
        ["attachment", "a\r\nb\nc"],
        ["event", "{}"],
      ],
    },
    { name: "explicit length without newline after", input: '{}\n{"type":"a","length":2}\nhi', items: [["a", "hi"]] },
    {
      name: "empty item with length 0",
      input: '{}\n{"type":"attachment","length":0}\n\n',
      items: [["attachment", ""]],
    },
    {
      name: "empty newline-delimited item at EOF",
      input: '{}\n{"type":"event"}\n',
      items: [["event", ""]],
    },
    {
      name: "unknown item types are kept for the caller to count",
      input: '{}\n{"type":"profile_chunk"}\n{}\n{"type":"event"}\n{"x":2}\n',
      items: [
        ["profile_chunk", "{}"],
        ["event", '{"x":2}'],
      ],
    },
    { name: "blank lines between items", input: '{}\n\n{"type":"event"}\n{}\n\n', items: [["event", "{}"]] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const env = parseOk(c.input);
      expect(env.items.map((i) => [i.header.type, dec.decode(i.payload)])).toEqual(c.items);
    });
  }

  it("keeps envelope header fields", () => {
    const env = parseOk('{"event_id":"abc","dsn":"https://k@h/1","sent_at":"2026-01-01T00:00:00Z","sdk":{"name":"x"}}');
    expect(env.header).toMatchObject({ event_id: "abc", dsn: "https://k@h/1", sdk: { name: "x" } });
  });

  const errors: Array<{ name: string; input: string; code: string }> = [
    { name: "empty body", input: "", code: "empty" },
    { name: "header not JSON", input: "nope\n", code: "invalid_header" },
    { name: "header not an object", input: "[1]\n", code: "invalid_header" },
    { name: "item header not JSON", input: "{}\n{oops\n", code: "invalid_item_header" },
    { name: "item header without type", input: '{}\n{"length":1}\na', code: "invalid_item_header" },
    { name: "negative length", input: '{}\n{"type":"a","length":-1}\n', code: "invalid_item_header" },
    { name: "length beyond the body", input: '{}\n{"type":"a","length":10}\nabc', code: "truncated_item" },
  ];
  for (const c of errors) {
    it(`rejects ${c.name}`, () => {
      const r = parseEnvelope(bytes(c.input));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe(c.code);
    });
  }

  it("rejects invalid UTF-8 in headers", () => {
    const input = new Uint8Array([0x7b, 0xff, 0x7d]);
    const r = parseEnvelope(input);
    expect(r.ok).toBe(false);
  });

  it("caps the number of items", () => {
    const input = `{}\n${'{"type":"event"}\n{}\n'.repeat(5)}`;
    const r = parseEnvelope(bytes(input), { maxItems: 3 });
    expect(r.ok ? "ok" : r.error.code).toBe("too_many_items");
  });
});

describe("serializeEnvelope", () => {
  const itemArb = fc.record({
    header: fc.record(
      {
        type: fc.constantFrom("event", "attachment", "session", "client_report", "weird_type"),
        filename: fc.string(),
      },
      { requiredKeys: ["type"] },
    ),
    payload: fc.uint8Array({ maxLength: 64 }),
  });
  const envelopeArb: fc.Arbitrary<Envelope> = fc.record({
    header: fc.record({ event_id: fc.stringMatching(/^[0-9a-f]{32}$/), sent_at: fc.string() }, { requiredKeys: [] }),
    items: fc.array(itemArb, { maxLength: 6 }),
  });

  it("parse(serialize(x)) == x for any envelope, including binary payloads", () => {
    fc.assert(
      fc.property(envelopeArb, (envelope) => {
        const parsed = parseOk(serializeEnvelope(envelope));
        expect(parsed.header).toEqual(envelope.header);
        expect(parsed.items.length).toBe(envelope.items.length);
        parsed.items.forEach((item, i) => {
          const original = envelope.items[i]!;
          expect(item.header).toEqual({ ...original.header, length: original.payload.length });
          expect(Array.from(item.payload)).toEqual(Array.from(original.payload));
        });
      }),
    );
  });

  it("serialize(parse(s)) is a fixed point after one round", () => {
    fc.assert(
      fc.property(envelopeArb, (envelope) => {
        // One round canonicalises header key order; from then on bytes must not change.
        const once = serializeEnvelope(parseOk(serializeEnvelope(envelope)));
        const twice = serializeEnvelope(parseOk(once));
        expect(Array.from(twice)).toEqual(Array.from(once));
      }),
    );
  });
});
