import { describe, expect, it } from "vitest";
import { compress, gzipBomb, nodeEvent } from "../testutil/envelopes.ts";
import { dsn, newHarness, PROJECT_ID, PUBLIC_KEY, sentryAuth } from "../testutil/harness.ts";
import { compressNodeZlib } from "../testutil/node-zlib.ts";
import { outcomeTotals } from "../testutil/outcomes.ts";
import { asEvent, eventId } from "../testutil/records.ts";

const url = `/api/${PROJECT_ID}/store/`;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("POST /api/:projectId/store/", () => {
  it("accepts an event JSON and answers its id", async () => {
    const h = newHarness();
    const id = eventId();
    const res = await h.request(url, {
      method: "POST",
      body: json(nodeEvent(id)),
      headers: { "x-sentry-auth": sentryAuth() },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(h.queue.sent[0]?.body).toMatchObject({ v: 1, record: { project_id: PROJECT_ID, event: { event_id: id } } });
  });

  it("accepts gzip, query auth and the path without trailing slash", async () => {
    const h = newHarness();
    const id = eventId();
    const body = await compress(json(nodeEvent(id)), "gzip");
    const res = await h.request(`/api/${PROJECT_ID}/store?sentry_key=${PUBLIC_KEY}&sentry_version=7`, {
      method: "POST",
      body,
      headers: { "content-encoding": "gzip" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
  });

  it("401 without credentials: a dsn in the event does not count", async () => {
    const h = newHarness();
    const res = await h.request(url, { method: "POST", body: json({ ...nodeEvent(eventId()), dsn: dsn() }) });
    expect(res.status).toBe(401);
  });

  it("413 for a decompression bomb at the 1 MiB event cap", async () => {
    const h = newHarness();
    const res = await h.request(url, {
      method: "POST",
      body: await gzipBomb(32 * 1024 * 1024),
      headers: { "x-sentry-auth": sentryAuth(), "content-encoding": "gzip" },
    });
    expect(res.status).toBe(413);
    expect(h.queue.sent).toHaveLength(0);
  });

  it("400 for a body that is not a JSON object", async () => {
    const h = newHarness();
    const res = await h.request(url, { method: "POST", body: "null", headers: { "x-sentry-auth": sentryAuth() } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ detail: "event payload must be a JSON object" });
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "invalid invalid_json error": 1 });
  });

  it("counts accepted events", async () => {
    const h = newHarness();
    await h.request(url, {
      method: "POST",
      body: json(nodeEvent(eventId())),
      headers: { "x-sentry-auth": sentryAuth() },
    });
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "accepted - error": 1 });
  });
});

/** Standard base64 of bytes, as old SDKs sent their bodies. */
function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

describe("store bodies of old SDKs", () => {
  async function store(body: BodyInit, headers: Record<string, string> = {}, h = newHarness()) {
    const res = await h.request(url, { method: "POST", body, headers: { "x-sentry-auth": sentryAuth(), ...headers } });
    return { h, res, totals: outcomeTotals(h.outcomes.rows()) };
  }

  it("accepts base64 of the event JSON", async () => {
    const id = eventId();
    const { h, res } = await store(base64(json(nodeEvent(id))));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(h.queue.sent).toHaveLength(1);
  });

  it.each(["deflate", "deflate-raw"] as const)("accepts base64 of %s event JSON (raven-python)", async (format) => {
    const id = eventId();
    const { h, res } = await store(base64(await compress(json(nodeEvent(id, { message: "from raven" })), format)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    const message = h.queue.sent[0]?.body;
    expect(message && "record" in message && asEvent(message.record).event.logentry).toEqual({
      formatted: "from raven",
    });
  });

  it("accepts a gzip body holding base64 of zlib JSON", async () => {
    const id = eventId();
    const inner = new TextEncoder().encode(base64(await compress(json(nodeEvent(id)), "deflate")));
    const { res } = await store(await compress(inner, "gzip"), { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
  });

  it("accepts a base64 event just under 1 MiB although its base64 is over it", async () => {
    const event = nodeEvent(eventId(), { extra: { pad: "x".repeat(1000 * 1000) } });
    const body = base64(json(event));
    expect(body.length).toBeGreaterThan(1024 * 1024);
    expect((await store(body)).res.status).toBe(200);
  });

  it("413 and too_large:event for a decoded event over 1 MiB", async () => {
    const event = nodeEvent(eventId(), { extra: { pad: "x".repeat(1024 * 1024) } });
    const { res, totals } = await store(base64(await compress(json(event), "deflate")));
    expect(res.status).toBe(413);
    expect(totals).toEqual({ "invalid too_large:event error": 1 });
  });

  it("400 and payload for a body that is neither JSON nor base64", async () => {
    const { res, totals } = await store("<event/>");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ detail: "body is neither JSON nor base64" });
    expect(totals).toEqual({ "invalid payload error": 1 });
  });

  it("400 and invalid_compression for base64 of something that is not zlib", async () => {
    const { res, totals } = await store(base64(new TextEncoder().encode("garbage, not zlib")));
    expect(res.status).toBe(400);
    expect(totals).toEqual({ "invalid invalid_compression error": 1 });
  });

  it("400 and no_data for an empty body", async () => {
    const { res, totals } = await store("");
    expect(res.status).toBe(400);
    expect(totals).toEqual({ "invalid no_data error": 1 });
  });
});

describe("store Content-Encoding", () => {
  it.each(["br", "zstd"] as const)("accepts a %s body", async (format) => {
    const h = newHarness();
    const id = eventId();
    const res = await h.request(url, {
      method: "POST",
      body: await compressNodeZlib(json(nodeEvent(id)), format),
      headers: { "x-sentry-auth": sentryAuth(), "content-encoding": format },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
  });

  it("413 and too_large:event for a bomb", async () => {
    const h = newHarness();
    const res = await h.request(url, {
      method: "POST",
      body: await gzipBomb(8 * 1024 * 1024),
      headers: { "x-sentry-auth": sentryAuth(), "content-encoding": "gzip" },
    });
    expect(res.status).toBe(413);
    expect(outcomeTotals(h.outcomes.rows())).toEqual({ "invalid too_large:event error": 1 });
  });
});
