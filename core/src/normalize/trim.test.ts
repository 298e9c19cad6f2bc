import { describe, expect, it } from "vitest";
import { EventSchema } from "../schema/index.ts";
import { normalizeEvent } from "./normalize.ts";
import { Remarks } from "./remarks.ts";
import { MAX_CULPRIT_CHARS, MAX_MESSAGE_CHARS, MAX_TRANSACTION_CHARS, trimString } from "./trim.ts";

const ctx = { received: 1_714_557_600 };
const codePoints = (s: string) => [...s].length;

describe("trimString", () => {
  it("keeps max - 3 characters and appends ..., as Relay's trim_string", () => {
    const remarks = new Remarks();
    // Relay's own example: 46 characters trimmed to 20.
    const out = trimString("This is my long string I want to have trimmed!", 20, "culprit", remarks);
    expect(out).toBe("This is my long s...");
    expect(remarks.list).toEqual([{ type: "value_too_long", name: "culprit", original_length: 46 }]);
  });

  it("leaves strings that fit, and strings exactly at the limit, alone", () => {
    const remarks = new Remarks();
    expect(trimString("x".repeat(200), 200, "culprit", remarks)).toBe("x".repeat(200));
    expect(trimString("short", 200, "culprit", remarks)).toBe("short");
    expect(remarks.list).toEqual([]);
  });

  it("counts code points, never splitting a surrogate pair", () => {
    const remarks = new Remarks();
    // 150 emoji are 300 UTF-16 units but 150 characters: they fit in 200.
    const emoji = "😀".repeat(150);
    expect(trimString(emoji, 200, "culprit", remarks)).toBe(emoji);
    const long = "😀".repeat(250);
    const out = trimString(long, 200, "culprit", remarks);
    expect(codePoints(out)).toBe(200);
    expect(out).toBe(`${"😀".repeat(197)}...`);
    expect(remarks.list).toEqual([{ type: "value_too_long", name: "culprit", original_length: 250 }]);
  });
});

describe("normalizeEvent trimming", () => {
  it("trims logentry.message and formatted to 8192, culprit and transaction to 200", () => {
    const event = normalizeEvent(
      {
        logentry: { message: `%s ${"m".repeat(9000)}`, params: ["p"] },
        culprit: "c".repeat(300),
        transaction: "t".repeat(250),
      },
      ctx,
    );
    expect(EventSchema.safeParse(event).success).toBe(true);
    expect(event.logentry?.message).toHaveLength(MAX_MESSAGE_CHARS);
    expect(event.logentry?.formatted).toHaveLength(MAX_MESSAGE_CHARS);
    expect(event.logentry?.formatted?.startsWith("p mmm")).toBe(true);
    expect(event.logentry?.formatted?.endsWith("...")).toBe(true);
    expect(event.culprit).toBe(`${"c".repeat(MAX_CULPRIT_CHARS - 3)}...`);
    expect(event.transaction).toHaveLength(MAX_TRANSACTION_CHARS);
    // The trimmed transaction is short enough to become the transaction tag.
    expect(event.tags).toContainEqual(["transaction", event.transaction]);
    expect(event.errors).toEqual([
      { type: "value_too_long", name: "logentry.message", original_length: 9003 },
      { type: "value_too_long", name: "logentry.formatted", original_length: 9002 },
      { type: "value_too_long", name: "culprit", original_length: 300 },
      { type: "value_too_long", name: "transaction", original_length: 250 },
    ]);
  });

  it("trims the legacy message string (it becomes logentry.formatted)", () => {
    const event = normalizeEvent({ message: "x".repeat(10_000) }, ctx);
    expect(event.logentry).toEqual({ formatted: `${"x".repeat(MAX_MESSAGE_CHARS - 3)}...` });
    expect(event.errors).toEqual([{ type: "value_too_long", name: "logentry.formatted", original_length: 10_000 }]);
  });

  it("is idempotent: a trimmed event is not trimmed again", () => {
    const once = normalizeEvent({ message: "x".repeat(10_000), culprit: "c".repeat(300) }, ctx);
    expect(normalizeEvent(JSON.parse(JSON.stringify(once)), ctx)).toEqual(once);
  });

  it("leaves logger unset when the SDK sends none, as Relay does", () => {
    expect(normalizeEvent({ message: "x" }, ctx).logger).toBeUndefined();
  });
});
