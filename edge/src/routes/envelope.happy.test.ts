import { EventSchema } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import { compress, envelope, nodeEvent } from "../testutil/envelopes.ts";
import { KEY_ID, newHarness, PROJECT_ID, sentryAuth } from "../testutil/harness.ts";
import { compressNodeZlib } from "../testutil/node-zlib.ts";
import { outcomeTotals } from "../testutil/outcomes.ts";
import { deferred } from "../testutil/recording.ts";
import { asEvent, eventId } from "../testutil/records.ts";

const url = `/api/${PROJECT_ID}/envelope/`;

function post(h: ReturnType<typeof newHarness>, body: Uint8Array, headers: Record<string, string> = {}, path = url) {
  return h.request(path, { method: "POST", body, headers: { "x-sentry-auth": sentryAuth(), ...headers } });
}

describe("POST /api/:projectId/envelope/", () => {
  it("accepts an event, answers its id and queues a normalized ingest record", async () => {
    const h = newHarness({ now: () => 1_714_557_600_500 });
    const id = eventId();
    const body = envelope({ event_id: id, sent_at: "2024-05-01T10:00:00.400Z" }, [
      { type: "event", payload: nodeEvent(id, { timestamp: 1_714_557_599, user: { ip_address: "{{auto}}" } }) },
    ]);
    const res = await post(h, body, { "cf-connecting-ip": "203.0.113.5" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(h.queue.sent).toHaveLength(1);
    const message = h.queue.sent[0]?.body;
    if (!message || !("record" in message)) throw new Error("expected an inline message");
    const record = asEvent(message.record);
    expect(record).toMatchObject({ project_id: PROJECT_ID, key_id: KEY_ID, received: 1_714_557_600.5 });
    expect(EventSchema.safeParse(record.event).success).toBe(true);
    expect(record.event).toMatchObject({
      event_id: id,
      timestamp: 1_714_557_599,
      received: 1_714_557_600.5,
      platform: "node",
      user: { ip_address: "203.0.113.5" },
    });
    expect(record.event.tags).toContainEqual(["environment", "production"]);
  });

  it.each([
    ["gzip", "gzip" as const],
    ["deflate", "deflate" as const],
    ["deflate", "deflate-raw" as const],
    ["br", "br" as const],
    ["zstd", "zstd" as const],
  ])("accepts a %s body (%s)", async (encoding, format) => {
    const h = newHarness();
    const id = eventId();
    const plain = envelope({ event_id: id }, [{ type: "event", payload: nodeEvent(id) }]);
    const body =
      format === "br" || format === "zstd" ? await compressNodeZlib(plain, format) : await compress(plain, format);
    const res = await post(h, body, { "content-encoding": encoding });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(h.queue.sent).toHaveLength(1);
  });

  it("accepts the path without its trailing slash", async () => {
    const h = newHarness();
    const id = eventId();
    const res = await post(
      h,
      envelope({}, [{ type: "event", payload: nodeEvent(id) }]),
      {},
      `/api/${PROJECT_ID}/envelope`,
    );
    expect(await res.json()).toEqual({ id });
  });

  it("answers {} for an envelope without an event, counting every item it drops", async () => {
    const h = newHarness();
    const body = envelope({ sent_at: new Date().toISOString() }, [
      { type: "check_in", payload: { check_in_id: "x", monitor_slug: "m", status: "ok" } },
      { type: "check_in", payload: { check_in_id: "y", monitor_slug: "m", status: "ok" } },
      { type: "client_report", payload: { discarded_events: [] } },
      { type: "something_new", payload: "opaque" },
    ]);
    const res = await post(h, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(h.queue.sent).toEqual([]);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({
      "filtered unsupported_item:check_in monitor": 2,
      "invalid unknown_item default": 1,
    });
    expect(h.logger.find("envelope items dropped")[0]?.fields).toMatchObject({ unknownTypes: ["something_new"] });
  });

  it("forwards the event of an envelope that also carries attachments, and the attachments", async () => {
    const h = newHarness();
    const id = eventId();
    const body = envelope({ event_id: id }, [
      { type: "attachment", payload: new Uint8Array([0, 1, 2, 10, 13]) },
      { type: "event", payload: nodeEvent(id) },
    ]);
    expect(await (await post(h, body)).json()).toEqual({ id });
    expect(h.queue.records().map((r) => r.kind)).toEqual(["event", "attachment"]);
  });

  it("generates an id for an event that has none", async () => {
    const h = newHarness();
    const res = await post(h, envelope({}, [{ type: "event", payload: { message: "no id" } }]));
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("answers only after the queue has the message", async () => {
    const h = newHarness();
    const gate = deferred();
    h.queue.gate = gate.promise;
    const id = eventId();
    let answered = false;
    const pending = post(h, envelope({ event_id: id }, [{ type: "event", payload: nodeEvent(id) }])).then((res) => {
      answered = true;
      return res;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    expect(h.queue.sent).toHaveLength(0);
    gate.resolve();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(h.queue.sent).toHaveLength(1);
  });

  it("sends an event too large for a queue message through R2", async () => {
    const h = newHarness();
    const id = eventId();
    const res = await post(
      h,
      envelope({ event_id: id }, [{ type: "event", payload: nodeEvent(id, { extra: { big: "x".repeat(300_000) } }) }]),
    );
    expect(res.status).toBe(200);
    const key = `events/${PROJECT_ID}/${id}.json`;
    expect(h.queue.sent[0]?.body).toEqual({ v: 1, blob: key });
    const stored = (await (await h.env.EVENT_BLOBS.get(key))?.json()) as { event: { extra: { big: string } } };
    expect(stored.event.extra.big).toHaveLength(300_000);
  });
});
