import { describe, expect, it } from "vitest";
import { parseNdjson } from "../ingest/decode.ts";
import { errorRecord, sessionRecord } from "../testutil/records.ts";
import { markWellFormed, wellFormed, wellFormedEvent, wellFormedJsonText } from "./well-formed.ts";

describe("wellFormed", () => {
  it("replaces lone surrogates, keys included, and keeps pairs", () => {
    const value = { "k\udc00": ["a\ud800b", "😀"], n: 1 };
    expect(wellFormed(value)).toEqual({ "k\uFFFD": ["a\uFFFDb", "😀"], n: 1 });
    const fine = { a: "😀 fine" };
    expect(wellFormed(fine)).toBe(fine);
  });

  it("tells JSON text that may decode to a lone surrogate by its escapes", () => {
    expect(wellFormedJsonText('{"a":"plain 😀"}')).toBe(true);
    expect(wellFormedJsonText('{"a":"\\ud800"}')).toBe(false);
    expect(wellFormedJsonText('{"a":"\\uDC00"}')).toBe(false);
  });

  it("returns a marked value without looking at it", () => {
    const marked = { a: "\ud800" };
    markWellFormed(marked);
    expect(wellFormed(marked)).toBe(marked);
  });

  // /internal/ingest marks what it decodes: only text without surrogate escapes may skip the check.
  it("skips the check for decoded records whose text had no surrogate escape, and only those", () => {
    const plain = errorRecord({ value: "plain 😀" });
    const lone = errorRecord({ value: "half \ud800 pair" });
    const session = sessionRecord();
    const decoded = parseNdjson([plain, lone, session].map((r) => JSON.stringify(r)).join("\n"));
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
    const [p, l, s] = decoded.value;
    if (p?.kind !== "event" || l?.kind !== "event" || s?.kind !== "session") throw new Error("kinds");
    expect(wellFormedEvent(p.event)).toBe(p.event);
    expect(wellFormed(s.session)).toBe(s.session);
    const fixed = wellFormedEvent(l.event);
    expect(fixed).not.toBe(l.event);
    expect(fixed.exception?.values[0]?.value).toBe("half \uFFFD pair");
  });
});
