/**
 * Every drop after the key is known records an outcome (DESIGN 1): `invalid` with Relay's
 * `DiscardReason` names. A request whose items cannot be known (the body or the envelope header is
 * unreadable) counts as one item of category `default`; a refused envelope counts each of its items.
 * Before the key is known nothing can be attributed, so nothing is counted.
 */
import { describe, expect, it } from "vitest";
import { compress, envelope, gzipBomb, nodeEvent } from "../testutil/envelopes.ts";
import { dsn, newHarness, PROJECT_ID, sentryAuth } from "../testutil/harness.ts";
import { outcomeTotals } from "../testutil/outcomes.ts";
import { RecordingQueue } from "../testutil/recording.ts";
import { eventId } from "../testutil/records.ts";

/** A queue that takes `n` messages, then refuses. */
class FailingAfter extends RecordingQueue {
  constructor(private readonly n: number) {
    super();
  }

  override async send(...args: Parameters<RecordingQueue["send"]>) {
    if (this.sent.length >= this.n) throw new Error("Queue is over its backlog limit");
    return super.send(...args);
  }
}

const url = `/api/${PROJECT_ID}/envelope/`;
const auth = { "x-sentry-auth": sentryAuth() };

async function post(body: BodyInit, headers: Record<string, string> = auth, h = newHarness()) {
  const res = await h.request(url, { method: "POST", body, headers });
  return { h, res, totals: outcomeTotals(h.outcomes.rows()) };
}

describe("unreadable requests with a known key", () => {
  it.each([
    ["a broken envelope header", "{not json\n", 400, "invalid_envelope"],
    ["a broken item header", '{}\n{"type":\n{}', 400, "invalid_envelope"],
    ["a truncated item", '{}\n{"type":"event","length":100}\n{}', 400, "invalid_envelope"],
    ["an empty body", "", 400, "no_data"],
  ])("%s: %i, invalid %s, one default item", async (_name, body, status, reason) => {
    const { res, totals } = await post(body);
    expect(res.status).toBe(status);
    expect(totals).toEqual({ [`invalid ${reason} default`]: 1 });
  });

  it("a corrupt gzip body: 400, invalid_compression", async () => {
    const { res, totals } = await post(envelope({}, [{ type: "event", payload: {} }]), {
      ...auth,
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(400);
    expect(totals).toEqual({ "invalid invalid_compression default": 1 });
  });

  it("an unsupported Content-Encoding: 415, payload", async () => {
    const { res, totals } = await post("{}\n", { ...auth, "content-encoding": "compress" });
    expect(res.status).toBe(415);
    expect(totals).toEqual({ "invalid payload default": 1 });
  });

  it("a decompression bomb: 413, too_large:envelope", async () => {
    const h = newHarness({ limits: { maxEnvelopeBytes: 1024 * 1024 } });
    const { res, totals } = await post(await gzipBomb(8 * 1024 * 1024), { ...auth, "content-encoding": "gzip" }, h);
    expect(res.status).toBe(413);
    expect(totals).toEqual({ "invalid too_large:envelope default": 1 });
  });

  it("a body over the request cap without Content-Length: 413, too_large:envelope", async () => {
    const h = newHarness({ limits: { maxRequestBytes: 1000 } });
    const stream = new Blob([new Uint8Array(5000)]).stream();
    const { res, totals } = await post(stream, auth, h);
    expect(res.status).toBe(413);
    expect(totals).toEqual({ "invalid too_large:envelope default": 1 });
  });
});

describe("refused envelopes count each item", () => {
  it.each([
    ["invalid JSON", "{nope", "invalid event payload"],
    ["a JSON array", "[1,2]", "event payload must be a JSON object"],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), "invalid event payload"],
  ])("an event that is %s: 400, invalid_json for every item", async (_name, payload, detail) => {
    const body = envelope({}, [
      { type: "event", payload: nodeEvent(eventId()) },
      { type: "event", payload },
      { type: "attachment", payload: new Uint8Array(33) },
      { type: "client_report", payload: { discarded_events: [{ reason: "x", category: "error", quantity: 1 }] } },
    ]);
    const { h, res, totals } = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ detail });
    expect(h.queue.sent).toHaveLength(0);
    // The client report is refused with the envelope; it is no item of its own to count.
    expect(totals).toEqual({ "invalid invalid_json error": 2, "invalid invalid_json attachment": 33 });
  });

  it("with the key from the envelope's dsn, once the header is read", async () => {
    const body = envelope({ dsn: dsn() }, [{ type: "event", payload: "{nope" }]);
    const { res, totals } = await post(body, {});
    expect(res.status).toBe(400);
    expect(totals).toEqual({ "invalid invalid_json error": 1 });
  });
});

describe("no outcome before the key is known", () => {
  it("a broken header without credentials: 400, nothing counted", async () => {
    const { res, totals } = await post("{not json\n", {});
    expect(res.status).toBe(400);
    expect(totals).toEqual({});
  });

  it("Content-Length over the cap: 413 before authenticating, nothing counted", async () => {
    const { res, totals } = await post("x", { ...auth, "content-length": String(20 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(totals).toEqual({});
  });

  it("an unknown key: 403, nothing counted", async () => {
    const headers = { "x-sentry-auth": sentryAuth("ffffffffffffffffffffffffffffffff") };
    const { res, totals } = await post(envelope({}, [{ type: "event", payload: nodeEvent(eventId()) }]), headers);
    expect(res.status).toBe(403);
    expect(totals).toEqual({});
  });
});

describe("forwarding failures", () => {
  it("count the events that were not queued as invalid internal", async () => {
    const h = newHarness();
    h.queue.failWith = new Error("Queue is over its backlog limit");
    const body = envelope({}, [
      { type: "event", payload: nodeEvent(eventId()) },
      { type: "event", payload: nodeEvent(eventId()) },
    ]);
    const { res, totals } = await post(body, auth, h);
    expect(res.status).toBe(503);
    expect(totals).toEqual({ "invalid internal error": 2 });
  });

  it("count the events queued before the failure as accepted", async () => {
    const queue = new FailingAfter(1);
    const h = newHarness({ queue });
    const body = envelope({}, [
      { type: "event", payload: nodeEvent(eventId()) },
      { type: "event", payload: nodeEvent(eventId()) },
      { type: "event", payload: nodeEvent(eventId()) },
    ]);
    const { res, totals } = await post(body, auth, h);
    expect(res.status).toBe(503);
    expect(queue.sent).toHaveLength(1);
    expect(totals).toEqual({ "accepted - error": 1, "invalid internal error": 2 });
  });
});

describe("compressed bodies still count items once read", () => {
  it("a gzip envelope with an invalid transaction: invalid_json", async () => {
    const body = await compress(envelope({}, [{ type: "transaction", payload: "nope" }]), "gzip");
    const { res, totals } = await post(body, { ...auth, "content-encoding": "gzip" });
    expect(res.status).toBe(400);
    expect(totals).toEqual({ "invalid invalid_json transaction": 1 });
  });
});
