import { describe, expect, it } from "vitest";
import { isSmall, MAX_ORIGINAL_VALUE_BYTES, Remarks } from "./remarks.ts";

describe("Remarks", () => {
  it("keeps small original values", () => {
    const remarks = new Remarks();
    remarks.invalidData("level", 42);
    expect(remarks.list).toEqual([{ type: "invalid_data", name: "level", value: 42 }]);
  });

  it("omits large original values", () => {
    const remarks = new Remarks();
    remarks.invalidData("exception", { values: ["x".repeat(MAX_ORIGINAL_VALUE_BYTES)] });
    expect(remarks.list).toEqual([{ type: "invalid_data", name: "exception" }]);
  });
});

describe("isSmall", () => {
  it("measures nested values against the budget", () => {
    expect(isSmall({ a: [1, 2, "three"] })).toBe(true);
    expect(isSmall("x".repeat(600))).toBe(false);
    expect(isSmall(Array.from({ length: 100 }, () => 1))).toBe(false);
  });

  it("gives up on deep nesting without recursing further", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(isSmall(deep)).toBe(false);
  });
});
