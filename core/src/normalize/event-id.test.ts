import { describe, expect, it } from "vitest";
import { canonicalEventId, generateEventId } from "./event-id.ts";

describe("canonicalEventId", () => {
  it("keeps 32 lowercase hex as is", () => {
    expect(canonicalEventId("9ec79c33ec9942ab8353589fcb2e04dc")).toBe("9ec79c33ec9942ab8353589fcb2e04dc");
  });

  it("lowercases and strips the dashes of a UUID", () => {
    expect(canonicalEventId("9EC79C33-EC99-42AB-8353-589FCB2E04DC")).toBe("9ec79c33ec9942ab8353589fcb2e04dc");
  });

  it.each([
    ["36 dashes", "-".repeat(36)],
    ["31 hex", "9ec79c33ec9942ab8353589fcb2e04d"],
    ["33 hex", "9ec79c33ec9942ab8353589fcb2e04dcc"],
    ["non-hex", "zec79c33ec9942ab8353589fcb2e04dc"],
    ["empty", ""],
    ["number", 12345],
    ["null", null],
    ["object", { id: "9ec79c33ec9942ab8353589fcb2e04dc" }],
  ])("rejects %s", (_name, value) => {
    expect(canonicalEventId(value)).toBeUndefined();
  });
});

describe("generateEventId", () => {
  it("produces distinct canonical v4 ids", () => {
    const ids = new Set(Array.from({ length: 200 }, generateEventId));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
      expect(canonicalEventId(id)).toBe(id);
    }
  });
});
