import { describe, expect, it } from "vitest";
import { compilePiiConfig, compileRegex, piiConfigProblems } from "./compile.ts";
import { PiiConfigSchema } from "./config.ts";

describe("PiiConfigSchema", () => {
  it("defaults to Sentry's: scrubbing and defaults on, IP scrubbing off, no custom rules", () => {
    expect(PiiConfigSchema.parse({})).toEqual({
      scrubData: true,
      scrubDefaults: true,
      scrubIpAddresses: false,
      sensitiveFields: [],
      safeFields: [],
      rules: {},
      applications: {},
    });
  });

  it("accepts Relay's advanced data scrubbing JSON", () => {
    const config = PiiConfigSchema.parse({
      rules: {
        "0": { type: "pattern", pattern: "[a-zA-Z0-9]+", redaction: { method: "replace", text: "Placeholder" } },
        "1": { type: "creditcard", redaction: { method: "mask" } },
        "2": { type: "redactPair", keyPattern: "foo" },
      },
      applications: { $message: ["1", "0"], "$http.headers.x-custom": ["2", "@ip:hash"] },
    });
    expect(config.rules["2"]).toEqual({ type: "redactPair", keyPattern: "foo", redaction: { method: "remove" } });
  });

  it.each([
    [{ applications: { "$nope.x": ["@ip"] } }, ["applications", "$nope.x"], /invalid selector/],
    [{ applications: { $string: ["missing"] } }, ["applications", "$string", 0], /unknown rule "missing"/],
    [{ applications: { $string: ["@ip:explode"] } }, ["applications", "$string", 0], /unknown rule/],
    [{ rules: { bad: { type: "pattern", pattern: "(" } } }, ["rules", "bad"], /invalid pattern/],
    [{ rules: { bad: { type: "pattern", pattern: "(?x) a" } } }, ["rules", "bad"], /verbose/],
    [{ rules: { loop: { type: "alias", rule: "loop" } } }, ["rules", "loop", "rule"], /refers to itself/],
    [
      { rules: { a: { type: "multiple", rules: ["b"] }, b: { type: "alias", rule: "a" } } },
      ["rules", "b", "rule"],
      /itself/,
    ],
  ])("refuses %j", (input, path, message) => {
    const parsed = PiiConfigSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toContainEqual(
      expect.objectContaining({ path, message: expect.stringMatching(message) }),
    );
  });
});

describe("compilePiiConfig", () => {
  it("compiles once per config object", () => {
    const config = PiiConfigSchema.parse({ applications: { $string: ["@email"] } });
    expect(compilePiiConfig(config)).toBe(compilePiiConfig(config));
    expect(compilePiiConfig(PiiConfigSchema.parse({}))).not.toBe(compilePiiConfig(config));
  });

  it("runs custom applications before the defaults", () => {
    const config = PiiConfigSchema.parse({ applications: { $string: ["@email"] } });
    const compiled = compilePiiConfig(config);
    expect(compiled.applications[0]!.rules.map((r) => r.id)).toEqual(["@email"]);
    expect(compiled.applications.length).toBeGreaterThan(1);
  });

  it("skips what it cannot compile instead of throwing, and says why", () => {
    // Bypasses the schema's refinement, as a config from an older backend might.
    const config = {
      ...PiiConfigSchema.parse({}),
      rules: { bad: { type: "pattern" as const, pattern: "(", redaction: { method: "remove" as const } } },
      applications: { $string: ["bad", "@email"], "((": ["@ip"] },
    };
    const compiled = compilePiiConfig(config);
    expect(compiled.applications[0]!.rules.map((r) => r.id)).toEqual(["@email"]);
    expect(compiled.problems.map((p) => p.path)).toEqual([
      ["rules", "bad"],
      ["applications", "(("],
    ]);
    expect(piiConfigProblems(config)).toEqual(compiled.problems);
  });
});

describe("compileRegex", () => {
  it.each([
    ["(?i)abc", "ABC", true],
    ["abc", "ABC", false],
    ["(?is)a.b", "A\nB", true],
    ["(?P<year>\\d{4})", "2024", true],
  ])("%s on %j → %s", (pattern, text, expected) => {
    expect(compileRegex(pattern).test(text)).toBe(expected);
  });
});
