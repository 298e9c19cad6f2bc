import { describe, expect, it } from "vitest";
import { isValidDist, isValidEnvironment, isValidRelease, normalizePlatform, parseLevel } from "./attributes.ts";

describe("parseLevel", () => {
  it.each([
    ["error", "error"],
    ["ERROR", "error"],
    [" info ", "info"],
    ["warn", "warning"],
    ["log", "info"],
    ["critical", "fatal"],
    ["fatal", "fatal"],
    ["debug", "debug"],
    [10, "debug"],
    [20, "info"],
    [30, "warning"],
    [40, "error"],
    [50, "fatal"],
  ])("maps %j to %s", (input, expected) => {
    expect(parseLevel(input)).toBe(expected);
  });

  it.each([["verbose"], [""], [42], [null], [{}]])("rejects %j", (input) => {
    expect(parseLevel(input)).toBeUndefined();
  });
});

describe("normalizePlatform", () => {
  it("keeps known platforms and maps the rest to other", () => {
    expect(normalizePlatform("node")).toBe("node");
    expect(normalizePlatform("javascript")).toBe("javascript");
    expect(normalizePlatform("cobol")).toBe("other");
    expect(normalizePlatform("Python")).toBe("other");
  });
});

describe("release, environment and dist rules", () => {
  it("accepts ordinary values", () => {
    expect(isValidRelease("my-app@1.2.3+abc")).toBe(true);
    expect(isValidEnvironment("production")).toBe(true);
    expect(isValidDist("42")).toBe(true);
  });

  it.each([["latest"], ["."], [".."], ["a/b"], ["a\\b"], ["two\nlines"], [""], [" padded "], ["x".repeat(201)]])(
    "rejects release %j",
    (value) => {
      expect(isValidRelease(value)).toBe(false);
    },
  );

  it.each([["prod/eu"], ["a\nb"], [""], ["x".repeat(65)]])("rejects environment %j", (value) => {
    expect(isValidEnvironment(value)).toBe(false);
  });

  it.each([[""], ["a\nb"], ["x".repeat(65)]])("rejects dist %j", (value) => {
    expect(isValidDist(value)).toBe(false);
  });
});
