import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globToRegExp, matchesAnyGlob } from "./glob.ts";

describe("globToRegExp", () => {
  it.each([
    ["ChunkLoadError: Loading chunk *", "ChunkLoadError: Loading chunk 175 failed.", true],
    ["ChunkLoadError: Loading chunk *", "chunkloaderror: loading chunk 552 failed.", true],
    [
      "*Uncaught *: ChunkLoadError: Loading chunk *",
      "Error: Uncaught (in promise): ChunkLoadError: Loading chunk 1",
      true,
    ],
    ["filteredexception*", "FilteredException: This is a filtered exception.", true],
    ["*this is a filtered exception.", "FilteredException: This is a filtered exception.", true],
    ["this is", "this is a legit log message", false],
    ["this is", "This Is", true],
    ["*ResizeObserver loop*", "ResizeObserver loop limit exceeded", true],
    ["*", "", true],
    ["*", "multi\nline", true],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["*invariant={418,419,422,423,425}*", "visit https://react.dev/errors?invariant=423 for", true],
    ["*invariant={418,419}*", "invariant=420", false],
    ["v[0-9].*", "v2.x", true],
    ["v[!0-9]*", "v2", false],
    ["1.0.\\*", "1.0.*", true],
    ["1.0.\\*", "1.0.3", false],
    ["a.b", "aXb", false],
    ["(x)+$^|", "(x)+$^|", true],
    ["[unclosed", "[unclosed", true],
    ["{open", "{open", true],
  ])("%j matches %j: %s", (pattern, value, expected) => {
    expect(globToRegExp(pattern)?.test(value)).toBe(expected);
  });

  it("never matches with an empty pattern", () => {
    expect(globToRegExp("")).toBeUndefined();
    expect(matchesAnyGlob([""], "")).toBe(false);
  });

  it("treats every literal string as itself, whatever its characters", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => {
        const literal = s.replace(/[\\*?{}[\],]/g, (c) => `\\${c}`);
        expect(globToRegExp(literal)?.test(s)).toBe(true);
        expect(globToRegExp(`*${literal}*`)?.test(`xx${s}yy`)).toBe(true);
      }),
    );
  });

  it("compiles any input without throwing", () => {
    fc.assert(fc.property(fc.string(), (s) => void globToRegExp(s)));
  });
});

describe("matchesAnyGlob", () => {
  it("matches if any pattern matches and caches per list", () => {
    const patterns = ["1.0.*", "*-beta"];
    expect(matchesAnyGlob(patterns, "2.0.0-BETA")).toBe(true);
    expect(matchesAnyGlob(patterns, "1.0.7")).toBe(true);
    expect(matchesAnyGlob(patterns, "1.1.0")).toBe(false);
    expect(matchesAnyGlob([], "anything")).toBe(false);
  });
});
