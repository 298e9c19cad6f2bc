import { describe, expect, it } from "vitest";
import { compress, envelope, gzipBomb, nodeEvent } from "../testutil/envelopes.ts";
import { newHarness, PROJECT_ID, sentryAuth } from "../testutil/harness.ts";
import { eventId } from "../testutil/records.ts";

const url = `/api/${PROJECT_ID}/envelope/`;
const auth = { "x-sentry-auth": sentryAuth() };

async function post(h: ReturnType<typeof newHarness>, body: BodyInit, headers: Record<string, string> = {}) {
  const res = await h.request(url, { method: "POST", body, headers: { ...auth, ...headers } });
  return { res, body: (await res.json()) as { detail: string; causes: string[] } };
}

const oneEvent = () => envelope({}, [{ type: "event", payload: nodeEvent(eventId()) }]);

describe("envelope size limits", () => {
  it("413 from Content-Length alone, before reading or authenticating", async () => {
    const h = newHarness();
    const { res } = await post(h, "x", { "content-length": String(20 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(h.backend.configRequests).toHaveLength(0);
  });

  it("413 for an event item over 1 MiB", async () => {
    const h = newHarness();
    const body = envelope({}, [
      { type: "event", payload: nodeEvent(eventId(), { extra: { x: "y".repeat(1024 * 1024) } }) },
    ]);
    const { res, body: err } = await post(h, body);
    expect(res.status).toBe(413);
    expect(err.detail).toBe("event exceeds 1048576 bytes");
    expect(h.queue.sent).toHaveLength(0);
  });

  it("413 for a decompression bomb, cut off at the envelope cap", async () => {
    const h = newHarness({ limits: { maxEnvelopeBytes: 4 * 1024 * 1024 } });
    const { res } = await post(h, await gzipBomb(64 * 1024 * 1024), { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect(h.queue.sent).toHaveLength(0);
  });

  it("413 for a body over the request cap without Content-Length", async () => {
    const h = newHarness({ limits: { maxRequestBytes: 1000 } });
    const big = new Uint8Array(5000);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(big);
        controller.close();
      },
    });
    const res = await h.request(url, { method: "POST", body: stream, headers: auth });
    expect(res.status).toBe(413);
  });
});

describe("envelope encoding errors", () => {
  it("415 for an unsupported encoding", async () => {
    const { res, body } = await post(newHarness(), oneEvent(), { "content-encoding": "compress" });
    expect(res.status).toBe(415);
    expect(body.detail).toBe("unsupported content encoding: compress");
  });

  it("400 for a body that is not what its encoding says", async () => {
    const { res, body } = await post(newHarness(), oneEvent(), { "content-encoding": "gzip" });
    expect(res.status).toBe(400);
    expect(body.detail).toBe("invalid body encoding");
  });

  it("400 for a truncated gzip body", async () => {
    const gz = await compress(oneEvent(), "gzip");
    const { res } = await post(newHarness(), gz.subarray(0, gz.byteLength - 10), { "content-encoding": "gzip" });
    expect(res.status).toBe(400);
  });
});

describe("envelope content errors", () => {
  it.each([
    ["an empty body", "", "empty envelope"],
    ["a broken header", "{not json\n", "invalid envelope header"],
    ["a broken item header", '{}\n{"type":\n{}', "invalid header of item 0"],
    ["a truncated item", '{}\n{"type":"event","length":100}\n{}', "item 0 declares 100 bytes, 2 present"],
  ])("400 for %s", async (_name, text, detail) => {
    const { res, body } = await post(newHarness(), text);
    expect(res.status).toBe(400);
    expect(body.detail).toContain(detail);
  });

  it.each([
    ["invalid JSON", "{nope", "invalid event payload"],
    ["a JSON array", "[1,2]", "event payload must be a JSON object"],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), "invalid event payload"],
  ])("400 for an event that is %s, and nothing is queued", async (_name, payload, detail) => {
    const h = newHarness();
    const body = envelope({}, [
      { type: "event", payload: nodeEvent(eventId()) },
      { type: "event", payload },
    ]);
    const { res, body: err } = await post(h, body);
    expect(res.status).toBe(400);
    expect(err.detail).toBe(detail);
    expect(h.queue.sent).toHaveLength(0);
  });

  it("404 for a project id that is not a number", async () => {
    const h = newHarness();
    const res = await h.request("/api/abc/envelope/", { method: "POST", body: oneEvent(), headers: auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ detail: "not found", causes: [] });
  });
});

describe("forwarding failures", () => {
  it("503 with the reason when the queue refuses the message", async () => {
    const h = newHarness();
    h.queue.failWith = new Error("Queue is over its backlog limit");
    const { res, body } = await post(h, oneEvent());
    expect(res.status).toBe(503);
    expect(body).toMatchObject({ detail: "event could not be queued", causes: ["Queue is over its backlog limit"] });
  });
});
