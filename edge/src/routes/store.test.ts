import { describe, expect, it } from "vitest";
import { compress, gzipBomb, nodeEvent } from "../testutil/envelopes.ts";
import { dsn, newHarness, PROJECT_ID, PUBLIC_KEY, sentryAuth } from "../testutil/harness.ts";
import { eventId } from "../testutil/records.ts";

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
  });
});
