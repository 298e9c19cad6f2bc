import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIssueSearch } from "./search.ts";
import { base32Decode, base32Encode, parseShortId, shortId } from "./short-id.ts";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const parse = (q: string | undefined) => {
  const r = parseIssueSearch(q, NOW);
  if (!r.ok) throw new Error(r.error);
  return r.value.terms;
};
const refusal = (q: string) => {
  const r = parseIssueSearch(q, NOW);
  return r.ok ? null : r.error;
};

describe("parseIssueSearch", () => {
  it("defaults to unresolved when absent and to everything when empty", () => {
    expect(parse(undefined)).toEqual([{ kind: "status", statuses: ["unresolved"] }]);
    expect(parse("")).toEqual([]);
    expect(parse("   ")).toEqual([]);
  });

  it("parses statuses, aliases and free text with quotes", () => {
    expect(parse('is:resolved is:archived "payment failed" now')).toEqual([
      { kind: "status", statuses: ["resolved", "ignored"] },
      { kind: "text", text: "payment failed now" },
    ]);
  });

  it("maps event fields to columns and everything else to tags, with negation, lists and quotes", () => {
    expect(
      parse(
        'level:error !environment:staging release:"app@1.0 beta" browser:Chrom* tags[os.name]:[Linux, "Mac OS"] user.email:a@b.c',
      ),
    ).toEqual([
      { kind: "event", field: { column: "level" }, values: ["error"], negated: false },
      { kind: "event", field: { column: "environment" }, values: ["staging"], negated: true },
      { kind: "event", field: { column: "release" }, values: ["app@1.0 beta"], negated: false },
      { kind: "event", field: { tag: "browser" }, values: ["Chrom*"], negated: false },
      { kind: "event", field: { tag: "os.name" }, values: ["Linux", "Mac OS"], negated: false },
      { kind: "event", field: { column: "user_email" }, values: ["a@b.c"], negated: false },
    ]);
  });

  it("keeps colons and escaped quotes inside quoted values, and URLs whole", () => {
    expect(parse('url:"https://x.test/a?b=\\"c\\""')).toEqual([
      { kind: "event", field: { tag: "url" }, values: ['https://x.test/a?b="c"'], negated: false },
    ]);
    expect(parse("url:https://x.test/a")).toEqual([
      { kind: "event", field: { tag: "url" }, values: ["https://x.test/a"], negated: false },
    ]);
  });

  it("parses relative, absolute and day dates for firstSeen / lastSeen", () => {
    expect(parse("firstSeen:-24h lastSeen:+7d")).toEqual([
      { kind: "seen", field: "firstSeen", op: ">=", ms: NOW - 86_400_000 },
      { kind: "seen", field: "lastSeen", op: "<=", ms: NOW - 7 * 86_400_000 },
    ]);
    expect(parse("firstSeen:>2026-01-01 lastSeen:<=2026-01-10T10:00:00")).toEqual([
      { kind: "seen", field: "firstSeen", op: ">", ms: Date.UTC(2026, 0, 1) },
      { kind: "seen", field: "lastSeen", op: "<=", ms: Date.UTC(2026, 0, 10, 10) },
    ]);
    expect(parse("firstSeen:2026-01-02")).toEqual([
      { kind: "seen", field: "firstSeen", op: ">=", ms: Date.UTC(2026, 0, 2) },
      { kind: "seen", field: "firstSeen", op: "<", ms: Date.UTC(2026, 0, 3) },
    ]);
  });

  it("parses times_seen comparisons", () => {
    expect(parse("times_seen:>10 timesSeen:<=20 times_seen:5")).toEqual([
      { kind: "timesSeen", op: ">", value: 10 },
      { kind: "timesSeen", op: "<=", value: 20 },
      { kind: "timesSeen", op: "=", value: 5 },
    ]);
  });

  it("refuses malformed input with a reason", () => {
    expect(refusal("is:bookmarked")).toContain("Unsupported value for is");
    expect(refusal("assigned:me")).toContain("Unsupported search key");
    expect(refusal('message:"open')).toContain("Unterminated");
    expect(refusal("browser:[a, b")).toContain("Unterminated list");
    expect(refusal("firstSeen:yesterday")).toContain("Invalid date");
    expect(refusal("times_seen:>ten")).toContain("Invalid number");
    expect(refusal("level:")).toContain("Missing value");
    expect(refusal("!is:resolved")).toContain("Negation");
  });

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => {
        parseIssueSearch(q, NOW);
      }),
    );
  });
});

describe("short ids", () => {
  it("round-trips Crockford base32", () => {
    for (const n of [0, 1, 31, 32, 42, 1023, 123_456_789, Number.MAX_SAFE_INTEGER]) {
      expect(base32Decode(base32Encode(n))).toBe(n);
    }
    expect(base32Encode(42)).toBe("1A");
    expect(base32Decode("I")).toBeNull();
  });

  it("formats and parses DEFAULT-1A", () => {
    expect(shortId("default", 42)).toBe("DEFAULT-1A");
    expect(parseShortId("DEFAULT-1A")).toEqual({ projectSlug: "default", issueId: 42 });
    expect(parseShortId("my-app-1a")).toEqual({ projectSlug: "my-app", issueId: 42 });
    expect(parseShortId("nohyphen")).toBeNull();
  });
});
