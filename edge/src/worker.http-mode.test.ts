/**
 * The self-hosted mode (`FORWARD_MODE=http`, as `workerd serve` runs it): no queue and no R2 bound,
 * events group-committed to `/internal/ingest`, outcomes posted to `/internal/outcomes`, and the
 * signed `/_debug/quota` route when `BREAKWATER_DEBUG_ENDPOINTS=1`.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { ATTACHMENT_CHUNK_BYTES } from "@breakwater/core/schema";
import { signRequest } from "@breakwater/core/signature";
import { describe, expect, it } from "vitest";
import { isolateLeases } from "./pkg/quota/client.ts";
import type { DebugQuotaResponse } from "./routes/debug-quota.ts";
import { envelope, nodeEvent } from "./testutil/envelopes.ts";
import { newHarness, PROJECT_ID, sentryAuth } from "./testutil/harness.ts";
import { asEvent, eventId } from "./testutil/records.ts";

type Harness = ReturnType<typeof newHarness>;

/** The harness env as workerd serve binds it: FORWARD_MODE=http, no EVENTS, no EVENT_BLOBS. */
function httpEnv(h: Harness, extra: Record<string, string> = {}) {
  const { EVENTS: _queue, EVENT_BLOBS: _r2, ...rest } = h.env;
  return { ...rest, FORWARD_MODE: "http", GROUP_COMMIT_MS: "5", ...extra } as unknown as typeof h.env;
}

async function send(h: Harness, path: string, init: RequestInit, e = httpEnv(h)) {
  const ctx = createExecutionContext();
  const res = await h.worker.fetch(new Request(new URL(path, "https://edge.test"), init), e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

function postEvent(h: Harness, id = eventId()) {
  return send(h, `/api/${PROJECT_ID}/envelope/`, {
    method: "POST",
    body: envelope({ event_id: id }, [{ type: "event", payload: nodeEvent(id) }]),
    headers: { "x-sentry-auth": sentryAuth() },
  });
}

describe("FORWARD_MODE=http", () => {
  it("needs neither EVENTS nor EVENT_BLOBS, while the queue mode still does", async () => {
    const h = newHarness();
    expect((await send(h, "/healthz", {})).status).toBe(200);
    const { EVENTS: _queue, ...noQueue } = h.env;
    const res = await send(h, "/healthz", {}, noQueue as typeof h.env);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ causes: ["EVENTS must be a queue producer binding"] });
    const bogus = await send(h, "/healthz", {}, { ...h.env, FORWARD_MODE: "kafka" } as unknown as typeof h.env);
    expect(bogus.status).toBe(500);
  });

  it("group-commits every record kind of an envelope: event, transaction, attachment chunks, session counts", async () => {
    const now = 1_800_000_000;
    const h = newHarness({ now: () => now * 1000 });
    const id = eventId();
    const transaction = {
      type: "transaction",
      transaction: "GET /",
      start_timestamp: now - 2,
      timestamp: now - 1,
      contexts: { trace: { trace_id: "771a43a4192642f0b136d5159a501700", span_id: "b0e6f15b45c36b12" } },
    };
    const session = { sid: "s", init: true, started: now - 5, attrs: { release: "app@1" } };
    const attachment = new Uint8Array(ATTACHMENT_CHUNK_BYTES + 1).fill(7);
    const res = await send(h, `/api/${PROJECT_ID}/envelope/`, {
      method: "POST",
      body: envelope({ event_id: id }, [
        { type: "event", payload: nodeEvent(id) },
        { type: "transaction", payload: transaction },
        { type: "attachment", payload: attachment },
        { type: "session", payload: session },
      ]),
      headers: { "x-sentry-auth": sentryAuth() },
    });
    expect(res.status).toBe(200);
    const kinds = h.backend.ingests.flatMap((call) => call.records.map((r) => r.kind));
    expect(kinds.sort()).toEqual(["attachment", "attachment", "event", "session", "transaction"]);
  });

  it("answers concurrent envelopes 200 after one batch reached the backend", async () => {
    const h = newHarness();
    const ids = Array.from({ length: 8 }, () => eventId());
    const responses = await Promise.all(ids.map((id) => postEvent(h, id)));
    expect(responses.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(await Promise.all(responses.map((r) => r.json()))).toEqual(ids.map((id) => ({ id })));
    expect(h.backend.ingests).toHaveLength(1);
    expect(h.backend.ingests[0]?.records.map((r) => asEvent(r).event.event_id).sort()).toEqual([...ids].sort());
    expect(h.queue.sent).toHaveLength(0);
  });

  it("answers 503 when the backend refuses the batch", async () => {
    const h = newHarness();
    h.backend.ingestStatus = 500;
    const res = await postEvent(h);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ detail: "event could not be queued" });
  });

  it("posts aggregated outcomes to /internal/outcomes", async () => {
    const h = newHarness({ worker: { outcomes: undefined } });
    await Promise.all([postEvent(h), postEvent(h)]);
    // The outcome flush runs in waitUntil, one second after the first outcome.
    await expect
      .poll(() => h.backend.outcomePosts.flat(), { timeout: 5_000 })
      .toContainEqual(expect.objectContaining({ outcome: "accepted", quantity: 2, project_id: PROJECT_ID }));
  });
});

describe("GET /_debug/quota", () => {
  const path = "/_debug/quota?scope=project:1";

  it("is a 404 unless BREAKWATER_DEBUG_ENDPOINTS=1", async () => {
    const h = newHarness();
    const headers = { "x-breakwater-signature": signRequest(env.INTERNAL_SECRET, path) };
    expect((await send(h, path, { headers })).status).toBe(404);
  });

  it("refuses a request not signed over its path and query", async () => {
    const h = newHarness();
    const e = httpEnv(h, { BREAKWATER_DEBUG_ENDPOINTS: "1" });
    expect((await send(h, path, {}, e)).status).toBe(401);
    const other = { "x-breakwater-signature": signRequest(env.INTERNAL_SECRET, "/_debug/quota?scope=project:2") };
    expect((await send(h, path, { headers: other }, e)).status).toBe(401);
  });

  it("reports the isolate's DO calls and each scope's QuotaDO state", async () => {
    const h = newHarness();
    const e = httpEnv(h, { BREAKWATER_DEBUG_ENDPOINTS: "1" });
    // Spike protection is on by default: with no lease in the isolate, the event leases from project:1.
    isolateLeases(env.QUOTA).reset();
    expect((await postEvent(h)).status).toBe(200);
    const res = await send(
      h,
      path,
      { headers: { "x-breakwater-signature": signRequest(env.INTERNAL_SECRET, path) } },
      e,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as DebugQuotaResponse;
    expect(body.isolate.acquireCalls).toBeGreaterThanOrEqual(1);
    expect(body.scopes["project:1"]?.acquireCalls).toBeGreaterThanOrEqual(1);
    expect(body.scopes["project:1"]?.counters.some((c) => c.key.startsWith("spike:"))).toBe(true);
  });

  it("rejects malformed scopes", async () => {
    const h = newHarness();
    const e = httpEnv(h, { BREAKWATER_DEBUG_ENDPOINTS: "1" });
    const bad = "/_debug/quota?scope=../etc";
    const res = await send(h, bad, { headers: { "x-breakwater-signature": signRequest(env.INTERNAL_SECRET, bad) } }, e);
    expect(res.status).toBe(400);
  });
});
