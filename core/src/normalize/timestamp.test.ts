import { describe, expect, it } from "vitest";
import { Remarks } from "./remarks.ts";
import { MAX_SECS_IN_PAST, normalizeTimestamp, parseTimestamp } from "./timestamp.ts";

describe("parseTimestamp", () => {
  it.each([
    [1714557600, 1714557600],
    [1714557600.25, 1714557600.25],
    ["1714557600", 1714557600],
    ["1714557600.5", 1714557600.5],
    ["2024-05-01T10:00:00Z", 1714557600],
    ["2024-05-01T10:00:00z", 1714557600],
    ["2024-05-01T10:00:00", 1714557600],
    ["2024-05-01 10:00:00", 1714557600],
    ["2024-05-01T12:00:00+02:00", 1714557600],
    ["2024-05-01T12:00:00+0200", 1714557600],
    ["2024-05-01T08:30:00-01:30", 1714557600],
    ["  2024-05-01T10:00:00Z  ", 1714557600],
  ])("parses %j", (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it("keeps sub-millisecond fractions", () => {
    expect(parseTimestamp("2024-05-01T10:00:00.123456Z")).toBeCloseTo(1714557600.123456, 6);
  });

  it.each([
    ["words", "yesterday"],
    ["date only", "2024-05-01"],
    ["month 13", "2024-13-01T00:00:00Z"],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["boolean", true],
    ["null", null],
    ["array", [1714557600]],
  ])("rejects %s", (_name, input) => {
    expect(parseTimestamp(input)).toBeUndefined();
  });
});

describe("normalizeTimestamp", () => {
  const received = 1_714_557_600;

  it("defaults to received when absent", () => {
    const remarks = new Remarks();
    expect(normalizeTimestamp(undefined, received, undefined, remarks)).toBe(received);
    expect(normalizeTimestamp(null, received, undefined, remarks)).toBe(received);
    expect(remarks.list).toEqual([]);
  });

  it("replaces an unparsable value with received and remarks it", () => {
    const remarks = new Remarks();
    expect(normalizeTimestamp("soon", received, undefined, remarks)).toBe(received);
    expect(remarks.list).toEqual([{ type: "invalid_data", name: "timestamp", value: "soon" }]);
  });

  it("keeps a timestamp within the window", () => {
    const remarks = new Remarks();
    expect(normalizeTimestamp(received - 3600, received, undefined, remarks)).toBe(received - 3600);
    expect(normalizeTimestamp(received + 30, received, undefined, remarks)).toBe(received + 30);
    expect(remarks.list).toEqual([]);
  });

  it("clamps the future to received", () => {
    const remarks = new Remarks();
    expect(normalizeTimestamp(received + 3600, received, undefined, remarks)).toBe(received);
    expect(remarks.list[0]).toMatchObject({ type: "future_timestamp", name: "timestamp" });
  });

  it("clamps the distant past to received", () => {
    const remarks = new Remarks();
    expect(normalizeTimestamp(received - MAX_SECS_IN_PAST - 1, received, undefined, remarks)).toBe(received);
    expect(remarks.list[0]).toMatchObject({ type: "past_timestamp", name: "timestamp" });
  });

  it("corrects a drifting client clock using sent_at", () => {
    const remarks = new Remarks();
    // The client's clock is two hours behind: it stamped the event 10 s before sending it.
    const sentAt = "2024-05-01T08:00:00Z";
    const eventTime = received - 7200 - 10;
    expect(normalizeTimestamp(eventTime, received, sentAt, remarks)).toBe(received - 10);
    expect(remarks.list).toEqual([{ type: "clock_drift", name: "timestamp", sdk_time: sentAt, server_time: received }]);
  });

  it("ignores small drift and an unparsable sent_at", () => {
    const remarks = new Remarks();
    expect(normalizeTimestamp(received - 5, received, "2024-05-01T09:59:00Z", remarks)).toBe(received - 5);
    expect(normalizeTimestamp(received - 5, received, "garbage", remarks)).toBe(received - 5);
    expect(remarks.list).toEqual([]);
  });
});
