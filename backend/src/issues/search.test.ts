import { describe, expect, it } from "vitest";
import { parseIssueSearch } from "./search.ts";
import { base32Decode, base32Encode, parseShortId, shortId } from "./short-id.ts";

describe("parseIssueSearch", () => {
  it("defaults to unresolved when absent and to everything when empty", () => {
    expect(parseIssueSearch(undefined)).toEqual({ ok: true, value: { statuses: ["unresolved"], text: "" } });
    expect(parseIssueSearch("")).toEqual({ ok: true, value: { statuses: [], text: "" } });
  });

  it("parses statuses, aliases and free text with quotes", () => {
    expect(parseIssueSearch('is:resolved is:archived "payment failed" now')).toEqual({
      ok: true,
      value: { statuses: ["resolved", "ignored"], text: "payment failed now" },
    });
  });

  it("refuses unknown keys and values", () => {
    expect(parseIssueSearch("assigned:me").ok).toBe(false);
    expect(parseIssueSearch("is:bookmarked").ok).toBe(false);
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
