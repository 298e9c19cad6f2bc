import { describe, expect, it } from "vitest";
import { parameterize } from "./parameterize.ts";

describe("parameterize", () => {
  const cases: Array<[string, string]> = [
    ["User 42 not found", "User <int> not found"],
    ["Order 1234 for bob.smith+x@example.co.uk failed", "Order <int> for <email> failed"],
    ["request 550e8400-e29b-41d4-a716-446655440000 timed out", "request <uuid> timed out"],
    ["request 550e8400e29b41d4a716446655440000 timed out", "request <uuid> timed out"],
    ["object at 0x7fff5fbff8a0", "object at <hex>"],
    ["commit deadbeef1 missing", "commit <hex> missing"],
    ["connect ECONNREFUSED 10.0.0.12:5432", "connect ECONNREFUSED <ip>:<int>"],
    ["expired at 2026-11-22T10:11:12.123Z", "expired at <date>"],
    ["facade decade", "facade decade"],
    ["x is undefined", "x is undefined"],
    ["took 3.5s", "took 3.5s"],
    ["took 3.5 s", "took <int> s"],
  ];
  for (const [input, expected] of cases) {
    it(input, () => expect(parameterize(input)).toBe(expected));
  }
});
