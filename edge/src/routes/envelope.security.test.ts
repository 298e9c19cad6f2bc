import { describe, expect, it } from "vitest";
import { envelope, nodeEvent } from "../testutil/envelopes.ts";
import { projectConfig } from "../testutil/fake-backend.ts";
import { dsn, newHarness, PROJECT_ID, PUBLIC_KEY, sentryAuth } from "../testutil/harness.ts";
import { eventId } from "../testutil/records.ts";

const OTHER_KEY = "fedcba9876543210fedcba9876543210";

function eventEnvelope(header: Record<string, unknown> = {}) {
  const id = eventId();
  return { id, body: envelope({ event_id: id, ...header }, [{ type: "event", payload: nodeEvent(id) }]) };
}

async function send(opts: {
  headers?: Record<string, string>;
  query?: string;
  header?: Record<string, unknown>;
  path?: string;
}) {
  const h = newHarness();
  h.backend.add(projectConfig({ publicKey: OTHER_KEY, projectId: 2, keyId: 22 }));
  h.backend.add(projectConfig({ publicKey: "disabledkey", keyStatus: "disabled" }));
  h.backend.add(projectConfig({ publicKey: "disabledproject", projectStatus: "disabled" }));
  const { id, body } = eventEnvelope(opts.header);
  const path = `${opts.path ?? `/api/${PROJECT_ID}/envelope/`}${opts.query ? `?${opts.query}` : ""}`;
  const res = await h.request(path, { method: "POST", body, headers: opts.headers });
  return { h, id, res, body: (await res.json()) as Record<string, unknown> };
}

describe("envelope auth sources", () => {
  it("accepts X-Sentry-Auth", async () => {
    const { res, id, body } = await send({ headers: { "x-sentry-auth": sentryAuth() } });
    expect(res.status).toBe(200);
    expect(body).toEqual({ id });
  });

  it("accepts Authorization: Sentry", async () => {
    const { res } = await send({ headers: { authorization: `Sentry sentry_key=${PUBLIC_KEY}, sentry_version=7` } });
    expect(res.status).toBe(200);
  });

  it("accepts exactly what @sentry/node 11 sends: query auth, no header, dsn in the envelope", async () => {
    const { res, id, body, h } = await send({
      query: `sentry_key=${PUBLIC_KEY}&sentry_version=7&sentry_client=sentry.javascript.node%2F11.12.0`,
      header: {
        dsn: dsn(),
        sdk: { name: "sentry.javascript.node", version: "11.12.0" },
        sent_at: new Date().toISOString(),
      },
    });
    expect(res.status).toBe(200);
    expect(body).toEqual({ id });
    expect(h.queue.sent).toHaveLength(1);
  });

  it("falls back to the envelope dsn when nothing else is presented", async () => {
    const { res, h } = await send({ header: { dsn: dsn() } });
    expect(res.status).toBe(200);
    expect(h.queue.sent).toHaveLength(1);
  });

  it("ignores the dsn when the request carries credentials", async () => {
    // The dsn names a key of another project; the query key is the one that counts.
    const { res } = await send({ query: `sentry_key=${PUBLIC_KEY}`, header: { dsn: dsn(OTHER_KEY, 2) } });
    expect(res.status).toBe(200);
  });

  it("accepts the same key in header and query", async () => {
    const { res } = await send({ headers: { "x-sentry-auth": sentryAuth() }, query: `sentry_key=${PUBLIC_KEY}` });
    expect(res.status).toBe(200);
  });
});

describe("envelope auth failures", () => {
  it.each([
    ["header vs query", { "x-sentry-auth": sentryAuth() }, `sentry_key=${OTHER_KEY}`],
    ["header vs authorization", { "x-sentry-auth": sentryAuth(), authorization: `Sentry sentry_key=${OTHER_KEY}` }, ""],
  ])("400 for different keys in two places (%s)", async (_name, headers, query) => {
    const { res, body, h } = await send({ headers, query });
    expect(res.status).toBe(400);
    expect(body.detail).toBe("multiple authorization payloads");
    expect(h.backend.configRequests).toHaveLength(0);
  });

  it("401 when no credentials are presented anywhere", async () => {
    const { res, body, h } = await send({});
    expect(res.status).toBe(401);
    expect(body).toMatchObject({ detail: "missing authorization information", causes: [] });
    expect(res.headers.get("x-sentry-error")).toBe("missing authorization information");
    expect(h.queue.sent).toHaveLength(0);
  });

  it.each([
    ["a header without key", { "x-sentry-auth": "Sentry sentry_version=7" }, "", {}],
    ["a garbled header", { "x-sentry-auth": "Sentry garbage" }, "", {}],
    ["an empty query key", {}, "sentry_key=", {}],
    ["an invalid dsn", {}, "", { dsn: "not a dsn" }],
  ])("401 for %s", async (_name, headers, query, header) => {
    const { res } = await send({ headers, query, header });
    expect(res.status).toBe(401);
  });

  it.each([
    ["an unknown key", "ffffffffffffffffffffffffffffffff", "unknown public key"],
    ["a disabled key", "disabledkey", "public key disabled"],
    ["a disabled project", "disabledproject", "project disabled"],
    ["another project's key", OTHER_KEY, `public key does not belong to project ${PROJECT_ID}`],
  ])("403 for %s", async (_name, key, detail) => {
    const { res, body, h } = await send({ headers: { "x-sentry-auth": sentryAuth(key) } });
    expect(res.status).toBe(403);
    expect(body.detail).toBe(detail);
    expect(h.queue.sent).toHaveLength(0);
  });

  it("403 for a dsn whose key belongs to another project", async () => {
    const { res } = await send({ header: { dsn: dsn(OTHER_KEY, PROJECT_ID) } });
    expect(res.status).toBe(403);
  });

  it("403 when the URL names another project than the key's", async () => {
    const { res } = await send({ headers: { "x-sentry-auth": sentryAuth() }, path: "/api/2/envelope/" });
    expect(res.status).toBe(403);
  });

  it("503 when the backend is unreachable and the key is not cached", async () => {
    const h = newHarness();
    h.backend.unreachable = true;
    const { body } = eventEnvelope();
    const res = await h.request(`/api/${PROJECT_ID}/envelope/`, {
      method: "POST",
      body,
      headers: { "x-sentry-auth": sentryAuth() },
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ detail: "project config unavailable" });
  });

  it("keeps accepting from cache while the backend is down", async () => {
    const h = newHarness();
    const headers = { "x-sentry-auth": sentryAuth() };
    expect(
      (await h.request(`/api/${PROJECT_ID}/envelope/`, { method: "POST", body: eventEnvelope().body, headers })).status,
    ).toBe(200);
    h.backend.unreachable = true;
    expect(
      (await h.request(`/api/${PROJECT_ID}/envelope/`, { method: "POST", body: eventEnvelope().body, headers })).status,
    ).toBe(200);
    expect(h.backend.configRequests).toHaveLength(1);
  });
});
