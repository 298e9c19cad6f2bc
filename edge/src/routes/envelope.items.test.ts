/**
 * What the envelope endpoint does with each item type: events are queued; transactions, attachments,
 * sessions, user reports, feedback and check-ins are parsed, counted in their category, rate limited and
 * then dropped as `filtered` / `unsupported_item:<type>` (no storage yet); client reports become
 * `client_discard` outcomes; unknown types are `invalid` / `unknown_item`.
 */
import { parseRateLimits } from "@breakwater/core/protocol";
import type { Quota } from "@breakwater/core/quotas";
import type { ProjectConfig } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import { envelope, nodeEvent } from "../testutil/envelopes.ts";
import { projectConfig } from "../testutil/fake-backend.ts";
import { newHarness, PROJECT_ID, sentryAuth } from "../testutil/harness.ts";
import { outcomeTotals } from "../testutil/outcomes.ts";
import { eventId } from "../testutil/records.ts";

const url = `/api/${PROJECT_ID}/envelope/`;

function post(h: ReturnType<typeof newHarness>, body: Uint8Array) {
  return h.request(url, { method: "POST", body, headers: { "x-sentry-auth": sentryAuth() } });
}

const bytes = (n: number) => new Uint8Array(n).map((_, i) => (i * 37) % 256);

describe("items that are counted and rate limited but not stored yet", () => {
  it("counts each in its category as filtered unsupported_item:<type>, attachments in bytes", async () => {
    const h = newHarness();
    const id = eventId();
    const body = envelope({ event_id: id }, [
      { type: "event", payload: nodeEvent(id) },
      { type: "transaction", payload: { type: "transaction", transaction: "GET /", spans: [] } },
      { type: "attachment", payload: bytes(1234) },
      { type: "session", payload: { sid: "a", status: "ok" } },
      { type: "sessions", payload: { aggregates: [{ started: "2024-05-01T10:00:00Z", exited: 3 }] } },
      { type: "user_report", payload: { event_id: id, name: "Ada", comments: "broken" } },
      { type: "feedback", payload: { contexts: { feedback: { message: "broken" } } } },
      { type: "check_in", payload: { check_in_id: "c1", monitor_slug: "nightly", status: "ok" } },
    ]);
    const res = await post(h, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(h.queue.sent).toHaveLength(1);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({
      "accepted - error": 1,
      "filtered unsupported_item:transaction transaction": 1,
      "filtered unsupported_item:attachment attachment": 1234,
      "filtered unsupported_item:session session": 1,
      "filtered unsupported_item:sessions session": 1,
      "filtered unsupported_item:user_report user_report": 1,
      "filtered unsupported_item:feedback user_report": 1,
      "filtered unsupported_item:check_in monitor": 1,
    });
  });

  it.each(["transaction", "session", "sessions", "user_report", "feedback", "check_in"])(
    "refuses the envelope when a %s item is not a JSON object: 400, invalid_json for every item",
    async (type) => {
      const h = newHarness();
      const body = envelope({}, [
        { type: "event", payload: nodeEvent(eventId()) },
        { type: "attachment", payload: bytes(10) },
        { type, payload: "[1, 2]" },
      ]);
      const res = await post(h, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ detail: `${type} payload must be a JSON object` });
      expect(h.queue.sent).toHaveLength(0);
      const category = { transaction: "transaction", user_report: "user_report", feedback: "user_report" }[type];
      expect(outcomeTotals(h.outcomes.rows())).toEqual({
        "invalid invalid_json error": 1,
        "invalid invalid_json attachment": 10,
        [`invalid invalid_json ${category ?? (type === "check_in" ? "monitor" : "session")}`]: 1,
      });
    },
  );

  it("takes any bytes as an attachment, newlines and invalid UTF-8 included", async () => {
    const h = newHarness();
    const res = await post(
      h,
      envelope({}, [{ type: "attachment", payload: new Uint8Array([0xff, 0x0a, 0x00, 0x7b]) }]),
    );
    expect(res.status).toBe(200);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "filtered unsupported_item:attachment attachment": 4 });
  });
});

describe("unknown item types", () => {
  it("are invalid unknown_item (in the default category) and the rest goes through", async () => {
    const h = newHarness();
    const id = eventId();
    const res = await post(
      h,
      envelope({}, [
        { type: "statsd", payload: "a:1|c" },
        { type: "event", payload: nodeEvent(id) },
        { type: "future_thing", payload: { x: 1 } },
      ]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(h.queue.sent).toHaveLength(1);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "accepted - error": 1, "invalid unknown_item default": 2 });
  });
});

describe("client reports", () => {
  it("become client_discard outcomes with the SDK's reason, category and quantity, at the report's time", async () => {
    const now = 1_800_000_000;
    const h = newHarness({ now: () => now * 1000 });
    const report = {
      timestamp: now - 120,
      discarded_events: [
        { reason: "sample_rate", category: "transaction", quantity: 7 },
        { reason: "queue_overflow", category: "error", quantity: 2 },
        { reason: "before_send", category: "span", quantity: 3 },
        // Skipped, each on its own: no quantity, a reason with spaces, a negative quantity.
        { reason: "before_send", category: "error" },
        { reason: "not a reason", category: "error", quantity: 1 },
        { reason: "network_error", category: "error", quantity: -1 },
      ],
    };
    const res = await post(h, envelope({}, [{ type: "client_report", payload: report }]));
    expect(res.status).toBe(200);
    const rows = h.outcomes.rows();
    expect(outcomeTotals(rows)).toEqual({
      "client_discard sample_rate transaction": 7,
      "client_discard queue_overflow error": 2,
      // Categories the edge does not know are counted as `unknown`, as the outcomes schema stores them.
      "client_discard before_send unknown": 3,
    });
    expect(new Set(rows.map((r) => r.timestamp))).toEqual(new Set([Math.floor((now - 120) / 60) * 60]));
  });

  it("use the receive time when the report's timestamp is missing or implausible", async () => {
    const now = 1_800_000_000;
    const h = newHarness({ now: () => now * 1000 });
    const discarded = [{ reason: "ratelimit_backoff", category: "error", quantity: 1 }];
    await post(
      h,
      envelope({}, [
        { type: "client_report", payload: { timestamp: now + 3600, discarded_events: discarded } },
        { type: "client_report", payload: { discarded_events: discarded } },
      ]),
    );
    expect(h.outcomes.rows().map((r) => [r.timestamp, r.quantity])).toEqual([[now, 2]]);
  });

  it("that are not JSON objects are ignored without failing the envelope", async () => {
    const h = newHarness();
    const id = eventId();
    const res = await post(
      h,
      envelope({}, [
        { type: "client_report", payload: "{nope" },
        { type: "event", payload: nodeEvent(id) },
      ]),
    );
    expect(res.status).toBe(200);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "accepted - error": 1 });
    expect(h.logger.find("envelope items dropped")).toHaveLength(1);
  });
});

let seq = 9_000;
/** A harness with its own key and project (DO state is shared across the isolate) and these quotas. */
function limitedHarness(quotas: Quota[]) {
  const keyId = seq++;
  const projectId = seq++;
  const publicKey = crypto.randomUUID().replaceAll("-", "");
  const h = newHarness();
  const overrides: Partial<ProjectConfig> = { spikeProtection: { enabled: false, floor: 0, multiplier: 1 }, quotas };
  h.backend.add(projectConfig({ publicKey, keyId, projectId, ...overrides }));
  const send = (items: { type: string; payload: unknown }[]) =>
    h.request(`/api/${projectId}/envelope/`, {
      method: "POST",
      body: envelope({}, items),
      headers: { "x-sentry-auth": sentryAuth(publicKey) },
    });
  return { h, send, keyId };
}

const quota = (categories: Quota["categories"], limit: number, reasonCode: string): Quota => ({
  id: reasonCode,
  categories,
  scope: "project",
  limit,
  window: 3600,
  reasonCode,
});

describe("rate limits on the categories of items not stored yet", () => {
  it("refuse transactions with 429 listing the category, and let the event through", async () => {
    const { h, send, keyId } = limitedHarness([quota(["transaction"], 0, "no_transactions")]);
    const res = await send([
      { type: "event", payload: nodeEvent(eventId()) },
      { type: "transaction", payload: { type: "transaction", transaction: "GET /" } },
    ]);
    expect(res.status).toBe(429);
    const [limit] = parseRateLimits(res.headers.get("x-sentry-rate-limits") ?? "");
    expect(limit).toMatchObject({ categories: ["transaction"], scope: "project", reasonCode: "no_transactions" });
    expect(h.queue.sent).toHaveLength(1);
    expect(outcomeTotals(h.outcomes.rows(), keyId)).toEqual({
      "accepted - error": 1,
      "rate_limited no_transactions transaction": 1,
    });
  });

  it("count attachments in bytes", async () => {
    // 50 bytes: a 3-byte attachment fits, a 60-byte one does not (as one item it would).
    const { h, send, keyId } = limitedHarness([quota(["attachment"], 50, "attachment_bytes")]);
    expect((await send([{ type: "attachment", payload: bytes(3) }])).status).toBe(200);
    const res = await send([{ type: "attachment", payload: bytes(60) }]);
    expect(res.status).toBe(429);
    expect(res.headers.get("x-sentry-rate-limits")).toMatch(/^\d+:attachment:project:attachment_bytes$/);
    expect(outcomeTotals(h.outcomes.rows(), keyId)).toEqual({
      "filtered unsupported_item:attachment attachment": 3,
      "rate_limited attachment_bytes attachment": 60,
    });
  });

  it.each([
    ["session", "session", { sid: "s", status: "ok" }],
    ["check_in", "monitor", { check_in_id: "c", monitor_slug: "m", status: "ok" }],
    ["feedback", "user_report", { contexts: { feedback: { message: "m" } } }],
  ] as const)("refuse %s items when their category (%s) is out of quota", async (type, category, payload) => {
    const { h, send, keyId } = limitedHarness([quota([category], 0, "none_left")]);
    const res = await send([{ type, payload }]);
    expect(res.status).toBe(429);
    expect(res.headers.get("x-sentry-rate-limits")).toContain(`:${category}:project:none_left`);
    expect(outcomeTotals(h.outcomes.rows(), keyId)).toEqual({ [`rate_limited none_left ${category}`]: 1 });
  });

  it("never apply to client reports", async () => {
    const { h, send, keyId } = limitedHarness([quota([], 0, "everything")]);
    const report = { discarded_events: [{ reason: "before_send", category: "error", quantity: 4 }] };
    const res = await send([{ type: "client_report", payload: report }]);
    expect(res.status).toBe(200);
    expect(outcomeTotals(h.outcomes.rows(), keyId)).toEqual({ "client_discard before_send error": 4 });
  });
});
