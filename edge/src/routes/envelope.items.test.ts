/**
 * What the envelope endpoint does with each item type: events, transactions, attachments (in chunks)
 * session counts and user reports (and feedback) are queued; check-ins and spans are parsed, counted
 * in their category, rate limited and then dropped as `filtered` / `unsupported_item:<type>`; client
 * reports become `client_discard` outcomes; unknown types are `invalid` / `unknown_item`.
 */
import { parseRateLimits, serializeEnvelope } from "@breakwater/core/protocol";
import type { Quota } from "@breakwater/core/quotas";
import { ATTACHMENT_CHUNK_BYTES, type ProjectConfig } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import { envelope, nodeEvent } from "../testutil/envelopes.ts";
import { projectConfig } from "../testutil/fake-backend.ts";
import { KEY_ID, newHarness, PROJECT_ID, PUBLIC_KEY, sentryAuth } from "../testutil/harness.ts";
import { outcomeTotals } from "../testutil/outcomes.ts";
import { eventId } from "../testutil/records.ts";

const url = `/api/${PROJECT_ID}/envelope/`;

function post(h: ReturnType<typeof newHarness>, body: Uint8Array) {
  return h.request(url, { method: "POST", body, headers: { "x-sentry-auth": sentryAuth() } });
}

const bytes = (n: number) => new Uint8Array(n).map((_, i) => (i * 37) % 256);

const NOW = 1_800_000_000;
const TRACE_ID = "771a43a4192642f0b136d5159a501700";

/** A valid transaction as SDKs send it, ending a second before NOW. */
function transaction(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "transaction",
    transaction: "GET /",
    start_timestamp: NOW - 2,
    timestamp: NOW - 1,
    contexts: { trace: { trace_id: TRACE_ID, span_id: "b0e6f15b45c36b12", op: "http.server" } },
    spans: [],
    ...over,
  };
}

/** A session update as SDKs send it, started a minute before NOW. */
function session(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { sid: "s1", init: true, started: NOW - 60, status: "ok", attrs: { release: "app@1" }, ...over };
}

describe("transactions, sessions and attachments: stored", () => {
  it("queues each as records of its kind, counted accepted in its category (attachments in bytes)", async () => {
    const h = newHarness({ now: () => NOW * 1000 });
    const id = eventId();
    const body = envelope({ event_id: id }, [
      { type: "event", payload: nodeEvent(id) },
      { type: "transaction", payload: transaction() },
      { type: "attachment", payload: bytes(1234) },
      { type: "session", payload: session() },
      { type: "sessions", payload: { aggregates: [{ started: NOW - 30, exited: 3 }], attrs: { release: "app@1" } } },
    ]);
    const res = await post(h, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(
      h.queue
        .records()
        .map((r) => r.kind)
        .sort(),
    ).toEqual(["attachment", "event", "session", "session", "transaction"]);
    const [chunk] = h.queue.records().filter((r) => r.kind === "attachment");
    expect(chunk?.kind === "attachment" && chunk.attachment).toMatchObject({
      event_id: id,
      size: 1234,
      chunk_count: 1,
    });
    expect(outcomeTotals(h.outcomes.rows())).toEqual({
      "accepted - error": 1,
      "accepted - transaction": 1,
      "accepted - attachment": 1234,
      "accepted - session": 2,
    });
  });

  it("cuts a large attachment into chunks that each fit a queue message, and they add up to the bytes", async () => {
    const h = newHarness({ now: () => NOW * 1000 });
    const id = eventId();
    const payload = bytes(ATTACHMENT_CHUNK_BYTES * 2 + 10);
    const res = await post(h, envelope({ event_id: id }, [{ type: "attachment", payload }]));
    expect(res.status).toBe(200);
    expect(h.queue.sent.every((m) => "record" in m.body)).toBe(true);
    const chunks = h.queue.records().flatMap((r) => (r.kind === "attachment" ? [r.attachment] : []));
    expect(chunks.map((c) => [c.chunk_index, c.chunk_count])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(new Set(chunks.map((c) => c.attachment_id)).size).toBe(1);
    const joined = chunks.flatMap((c) => [...atob(c.data)].map((ch) => ch.charCodeAt(0)));
    expect(new Uint8Array(joined)).toEqual(payload);
  });

  it("drops an invalid transaction or session alone (invalid), keeping the rest of the envelope", async () => {
    const h = newHarness({ now: () => NOW * 1000 });
    const id = eventId();
    const res = await post(
      h,
      envelope({ event_id: id }, [
        { type: "event", payload: nodeEvent(id) },
        { type: "transaction", payload: transaction({ contexts: {} }) },
        { type: "session", payload: session({ attrs: {} }) },
        { type: "session", payload: session({ started: NOW - 30 * 86400 }) },
      ]),
    );
    expect(res.status).toBe(200);
    expect(h.queue.records().map((r) => r.kind)).toEqual(["event"]);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({
      "accepted - error": 1,
      "invalid invalid_transaction transaction": 1,
      "invalid invalid_session session": 2,
    });
  });

  it("scrubs transactions like events before they leave the edge", async () => {
    const h = newHarness({ now: () => NOW * 1000 });
    const secret = "4111 1111 1111 1111";
    const res = await post(
      h,
      envelope({}, [
        {
          type: "transaction",
          payload: transaction({ extra: { card: secret }, spans: [{ description: `charge ${secret}` }] }),
        },
      ]),
    );
    expect(res.status).toBe(200);
    const text = JSON.stringify(h.queue.records());
    expect(text).not.toContain("4111");
    expect(text).toContain("GET /");
  });

  it("takes any bytes as an attachment, newlines and invalid UTF-8 included", async () => {
    const h = newHarness();
    const id = eventId();
    const raw = new Uint8Array([0xff, 0x0a, 0x00, 0x7b]);
    const res = await post(h, envelope({ event_id: id }, [{ type: "attachment", payload: raw }]));
    expect(res.status).toBe(200);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "accepted - attachment": 4 });
    const [chunk] = h.queue.records();
    expect(chunk?.kind === "attachment" && atob(chunk.attachment.data)).toBe("\xff\n\0{");
  });

  it("drops attachments without an event id to attach them to", async () => {
    const h = newHarness();
    const res = await post(h, envelope({}, [{ type: "attachment", payload: bytes(4) }]));
    expect(res.status).toBe(200);
    expect(h.queue.sent).toHaveLength(0);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "invalid no_event_id attachment": 4 });
  });

  it("filters attachments with their event, with the event's reason", async () => {
    const h = newHarness();
    h.backend.add(
      projectConfig({
        publicKey: PUBLIC_KEY,
        keyId: KEY_ID,
        projectId: PROJECT_ID,
        filters: { ...projectConfig({ publicKey: PUBLIC_KEY }).filters, releases: { releases: ["api@*"] } },
      }),
    );
    const id = eventId();
    const res = await post(
      h,
      envelope({ event_id: id }, [
        { type: "event", payload: nodeEvent(id) },
        { type: "attachment", payload: bytes(7) },
      ]),
    );
    expect(res.status).toBe(200);
    expect(h.queue.sent).toHaveLength(0);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({
      "filtered release-version error": 1,
      "filtered release-version attachment": 7,
    });
  });
});

describe("user reports and feedback: stored", () => {
  it("queue a legacy user_report and a feedback item as user reports", async () => {
    const h = newHarness();
    const id = eventId();
    const feedbackId = eventId();
    const res = await post(
      h,
      envelope({ event_id: id }, [
        { type: "event", payload: nodeEvent(id) },
        { type: "user_report", payload: { event_id: id, name: "Ada", email: "ada@example.com", comments: "broken" } },
        {
          type: "feedback",
          payload: {
            event_id: feedbackId,
            contexts: { feedback: { message: "still broken", associated_event_id: id } },
          },
        },
        { type: "user_report", payload: { event_id: id, name: "No comment" } },
      ]),
    );
    expect(res.status).toBe(200);
    const reports = h.queue.records().flatMap((r) => (r.kind === "user_report" ? [r.user_report] : []));
    expect(reports.map((r) => [r.report_id, r.event_id, r.comments])).toEqual([
      [id, id, "broken"],
      [feedbackId, id, "still broken"],
    ]);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({
      "accepted - error": 1,
      "accepted - user_report": 2,
      "invalid invalid_user_report user_report": 1,
    });
  });
});

describe("items that are counted and rate limited but not stored", () => {
  it("counts each in its category as filtered unsupported_item:<type>; span containers per span", async () => {
    const h = newHarness();
    const id = eventId();
    const body = serializeEnvelope({
      header: { event_id: id },
      items: [
        { type: "event", payload: nodeEvent(id) },
        { type: "check_in", payload: { check_in_id: "c1", monitor_slug: "nightly", status: "ok" } },
        { type: "span", item_count: 3, payload: { items: [{}, {}, {}] } },
      ].map(({ payload, ...header }) => ({ header, payload: new TextEncoder().encode(JSON.stringify(payload)) })),
    });
    const res = await post(h, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(h.queue.sent).toHaveLength(1);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({
      "accepted - error": 1,
      "filtered unsupported_item:check_in monitor": 1,
      "filtered unsupported_item:span span": 3,
    });
  });

  it.each(["transaction", "session", "sessions", "user_report", "feedback", "check_in", "span"])(
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
      const categories: Record<string, string> = {
        transaction: "transaction",
        user_report: "user_report",
        feedback: "user_report",
        check_in: "monitor",
        span: "span",
      };
      expect(outcomeTotals(h.outcomes.rows())).toEqual({
        "invalid invalid_json error": 1,
        "invalid invalid_json attachment": 10,
        [`invalid invalid_json ${categories[type] ?? "session"}`]: 1,
      });
    },
  );
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
        { reason: "before_send", category: "hologram", quantity: 5 },
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
      "client_discard before_send span": 3,
      // Categories the edge does not know are counted as `unknown`, as the outcomes schema stores them.
      "client_discard before_send unknown": 5,
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
  const send = (items: { type: string; payload: unknown }[], header: Record<string, unknown> = {}) =>
    h.request(`/api/${projectId}/envelope/`, {
      method: "POST",
      body: envelope(header, items),
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

describe("rate limits on the other item categories", () => {
  it("refuse transactions with 429 listing the category, and let the event through", async () => {
    const { h, send, keyId } = limitedHarness([quota(["transaction"], 0, "no_transactions")]);
    const res = await send([
      { type: "event", payload: nodeEvent(eventId()) },
      { type: "transaction", payload: transaction() },
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

  it("count attachments in bytes, and drop an attachment over quota while keeping its event", async () => {
    // 50 bytes: a 3-byte attachment fits, a 60-byte one does not (as one item it would).
    const { h, send, keyId } = limitedHarness([quota(["attachment"], 50, "attachment_bytes")]);
    const first = eventId();
    const withEvent = (id: string, size: number) =>
      send(
        [
          { type: "event", payload: nodeEvent(id) },
          { type: "attachment", payload: bytes(size) },
        ],
        { event_id: id },
      );
    expect((await withEvent(first, 3)).status).toBe(200);
    const res = await withEvent(eventId(), 60);
    expect(res.status).toBe(429);
    expect(res.headers.get("x-sentry-rate-limits")).toMatch(/^\d+:attachment:project:attachment_bytes$/);
    expect(h.queue.records().map((r) => r.kind)).toEqual(["event", "attachment", "event"]);
    expect(outcomeTotals(h.outcomes.rows(), keyId)).toEqual({
      "accepted - error": 2,
      "accepted - attachment": 3,
      "rate_limited attachment_bytes attachment": 60,
    });
  });

  it("admit an attachment sent without its event on its own, whatever else was limited", async () => {
    const { h, send, keyId } = limitedHarness([quota(["session"], 0, "no_sessions")]);
    const res = await send(
      [
        { type: "session", payload: session({ started: Date.now() / 1000 - 60 }) },
        { type: "attachment", payload: bytes(9) },
      ],
      { event_id: eventId() },
    );
    expect(res.status).toBe(429);
    expect(h.queue.records().map((r) => r.kind)).toEqual(["attachment"]);
    expect(outcomeTotals(h.outcomes.rows(), keyId)).toEqual({
      "rate_limited no_sessions session": 1,
      "accepted - attachment": 9,
    });
  });

  it("drop attachments with their event when the event is rate limited", async () => {
    const { h, send, keyId } = limitedHarness([quota(["error"], 0, "no_errors")]);
    const id = eventId();
    const res = await send(
      [
        { type: "event", payload: nodeEvent(id) },
        { type: "attachment", payload: bytes(5) },
      ],
      { event_id: id },
    );
    expect(res.status).toBe(429);
    expect(h.queue.sent).toHaveLength(0);
    expect(outcomeTotals(h.outcomes.rows(), keyId)).toEqual({
      "rate_limited no_errors error": 1,
      "rate_limited no_errors attachment": 5,
    });
  });

  it.each([
    ["session", "session", session({ started: Date.now() / 1000 - 60 })],
    ["check_in", "monitor", { check_in_id: "c", monitor_slug: "m", status: "ok" }],
    [
      "feedback",
      "user_report",
      { event_id: "9ec79c33ec9942ab8353589fcb2e04dc", contexts: { feedback: { message: "m" } } },
    ],
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
