import { describe, expect, it } from "vitest";
import { formatLogMessage, normalizeLogEntry } from "./logentry.ts";
import { Remarks } from "./remarks.ts";

describe("normalizeLogEntry", () => {
  it("turns a message string into a formatted log entry", () => {
    expect(normalizeLogEntry(undefined, "boom", new Remarks())).toEqual({ formatted: "boom" });
  });

  it("formats an unformatted message with its params", () => {
    expect(normalizeLogEntry(undefined, { message: "user %s failed", params: ["ann"] }, new Remarks())).toEqual({
      message: "user %s failed",
      params: ["ann"],
      formatted: "user ann failed",
    });
  });

  it("keeps a message without params as its formatted text", () => {
    expect(normalizeLogEntry({ message: "plain" }, undefined, new Remarks())).toEqual({
      message: "plain",
      formatted: "plain",
    });
  });

  it("prefers logentry over the legacy message alias", () => {
    expect(normalizeLogEntry({ formatted: "primary" }, "legacy", new Remarks())).toEqual({ formatted: "primary" });
  });

  it("falls back to message when logentry is invalid, with a remark", () => {
    const remarks = new Remarks();
    expect(normalizeLogEntry(42, "legacy", remarks)).toEqual({ formatted: "legacy" });
    expect(remarks.list).toEqual([{ type: "invalid_data", name: "logentry", value: 42 }]);
  });

  it("drops an entry that says nothing", () => {
    const remarks = new Remarks();
    expect(normalizeLogEntry({ params: [] }, undefined, remarks)).toBeUndefined();
    expect(remarks.list).toEqual([{ type: "invalid_data", name: "logentry", value: { params: [] } }]);
  });

  it("treats null as absent", () => {
    const remarks = new Remarks();
    expect(normalizeLogEntry(null, null, remarks)).toBeUndefined();
    expect(remarks.list).toEqual([]);
  });
});

describe("formatLogMessage", () => {
  it.each([
    ["printf", "payment %s failed after %d retries", ["pay_1", 3], "payment pay_1 failed after 3 retries"],
    ["printf with flags", "took %.2f ms (%5d%%)", [1.5, 7], "took 1.5 ms (7%)"],
    ["missing params stay", "%s and %s", ["one"], "one and %s"],
    ["non-string params as JSON", "got %s", [{ a: 1 }], 'got {"a":1}'],
    ["implicit braces", "{} of {}", [1, 2], "1 of 2"],
    ["indexed braces", "{1} before {0}", ["a", "b"], "b before a"],
    ["named printf", "%(user)s paid %(amount)d", { user: "ann", amount: 5 }, "ann paid 5"],
  ])("%s", (_name, message, params, expected) => {
    expect(formatLogMessage(message, params)).toBe(expected);
  });

  it.each([
    ["no placeholders", "plain", ["x"]],
    ["no params", "%s", []],
    ["params of the wrong kind", "%s", "x"],
    ["unknown names", "%(who)s", { user: "ann" }],
  ])("returns undefined for %s", (_name, message, params) => {
    expect(formatLogMessage(message, params)).toBeUndefined();
  });
});
