/**
 * Per-item size limits (Relay's `max_*_size`, pkg/body/limits.ts): an envelope with an item over its
 * type's cap is refused whole with 413, and every item in it is counted `invalid` with reason
 * `too_large:<type of the offending item>`, in its own category (attachments in bytes).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, type IngestLimits, itemSizeLimit } from "../pkg/body/limits.ts";
import { envelope, nodeEvent } from "../testutil/envelopes.ts";
import { newHarness, PROJECT_ID, sentryAuth } from "../testutil/harness.ts";
import { outcomeTotals } from "../testutil/outcomes.ts";
import { eventId } from "../testutil/records.ts";

const url = `/api/${PROJECT_ID}/envelope/`;

async function post(limits: Partial<IngestLimits>, items: { type: string; payload: unknown }[]) {
  const h = newHarness({ limits });
  const res = await h.request(url, {
    method: "POST",
    body: envelope({}, items),
    headers: { "x-sentry-auth": sentryAuth() },
  });
  return { h, res, body: (await res.json()) as { detail: string } };
}

const bytes = (n: number) => new Uint8Array(n).fill(0x61);
const json = (n: number) => `{"pad":"${"x".repeat(n - 10)}"}`;

describe("Relay's default item limits", () => {
  it.each([
    ["event", 1024 * 1024],
    ["transaction", 1024 * 1024],
    ["feedback", 1024 * 1024],
    ["user_report", 1024 * 1024],
    ["attachment", 100 * 1024 * 1024],
    ["session", 100 * 1024],
    ["sessions", 100 * 1024],
    ["check_in", 100 * 1024],
    ["client_report", 100 * 1024],
    ["something_new", undefined],
  ])("%s: %s bytes", (type, limit) => {
    expect(itemSizeLimit(type, DEFAULT_LIMITS)).toBe(limit);
  });
});

describe("an item over its limit", () => {
  it("refuses the whole envelope: 413, too_large:attachment for every item, attachments in bytes", async () => {
    const { res, h, body } = await post({ maxAttachmentBytes: 1000 }, [
      { type: "event", payload: nodeEvent(eventId()) },
      { type: "attachment", payload: bytes(400) },
      { type: "attachment", payload: bytes(1001) },
      { type: "session", payload: { sid: "s" } },
      { type: "client_report", payload: { discarded_events: [] } },
    ]);
    expect(res.status).toBe(413);
    expect(body.detail).toBe("attachment exceeds 1000 bytes");
    expect(h.queue.sent).toHaveLength(0);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({
      "invalid too_large:attachment error": 1,
      "invalid too_large:attachment attachment": 1401,
      "invalid too_large:attachment session": 1,
    });
  });

  it("an event over 1 MiB: too_large:event", async () => {
    const { res, h, body } = await post({}, [{ type: "event", payload: json(1024 * 1024 + 1) }]);
    expect(res.status).toBe(413);
    expect(body.detail).toBe("event exceeds 1048576 bytes");
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "invalid too_large:event error": 1 });
  });

  it.each([
    ["transaction", { maxEventBytes: 500 }, "transaction"],
    ["feedback", { maxEventBytes: 500 }, "user_report"],
    ["user_report", { maxEventBytes: 500 }, "user_report"],
    ["session", { maxSessionBytes: 500 }, "session"],
    ["sessions", { maxSessionBytes: 500 }, "session"],
    ["check_in", { maxCheckInBytes: 500 }, "monitor"],
  ] as const)("a %s item: too_large:%s in its category", async (type, limits, category) => {
    const { res, h, body } = await post(limits, [{ type, payload: json(501) }]);
    expect(res.status).toBe(413);
    expect(body.detail).toBe(`${type} exceeds 500 bytes`);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ [`invalid too_large:${type} ${category}`]: 1 });
  });

  it("a client report: too_large:client_report; the other items are counted, the report is not", async () => {
    const { res, h } = await post({ maxClientReportBytes: 100 }, [
      { type: "event", payload: nodeEvent(eventId()) },
      { type: "client_report", payload: json(101) },
    ]);
    expect(res.status).toBe(413);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "invalid too_large:client_report error": 1 });
  });

  it("items exactly at their limit pass", async () => {
    const { res, h } = await post({ maxAttachmentBytes: 1000, maxCheckInBytes: 500 }, [
      { type: "attachment", payload: bytes(1000) },
      { type: "check_in", payload: json(500) },
    ]);
    expect(res.status).toBe(200);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({
      // No event id in the envelope: nothing to attach the attachment to.
      "invalid no_event_id attachment": 1000,
      "filtered unsupported_item:check_in monitor": 1,
    });
  });

  it("unknown item types have no size limit (they are dropped anyway)", async () => {
    const { res, h } = await post({ maxEventBytes: 100 }, [{ type: "something_new", payload: bytes(5000) }]);
    expect(res.status).toBe(200);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "invalid unknown_item default": 1 });
  });
});

describe("envelope-wide item limits", () => {
  it("attachments over their combined cap: too_large:attachment", async () => {
    const { res, h, body } = await post({ maxAttachmentBytes: 1000, maxAttachmentsBytes: 1500 }, [
      { type: "attachment", payload: bytes(800) },
      { type: "attachment", payload: bytes(800) },
    ]);
    expect(res.status).toBe(413);
    expect(body.detail).toBe("attachments exceed 1500 bytes in total");
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "invalid too_large:attachment attachment": 1600 });
  });

  it("more session items than the count cap: too_large:session", async () => {
    const sessions = Array.from({ length: 4 }, (_, i) => ({ type: "session", payload: { sid: `s${i}` } }));
    const { res, h, body } = await post({ maxSessionCount: 3 }, sessions);
    expect(res.status).toBe(413);
    expect(body.detail).toBe("more than 3 session items");
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "invalid too_large:session session": 4 });
  });
});
