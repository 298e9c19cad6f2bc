/**
 * The deployed entry point, as wrangler runs it: the default export with the real bindings of
 * wrangler.toml (queue producer and consumer, R2). The backend is faked by a spy on the global fetch,
 * which this module shares with the Worker (same isolate).
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorker } from "./create-worker.ts";
import type { QueueMessage } from "./pkg/forwarder/message.ts";
import { envelope, nodeEvent } from "./testutil/envelopes.ts";
import { FakeBackend, projectConfig } from "./testutil/fake-backend.ts";
import { RecordingLogger } from "./testutil/recording.ts";
import { asEvent, eventId, record } from "./testutil/records.ts";
import worker from "./worker.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Routes the Worker's global fetch to a fake backend knowing `key`. */
function fakeBackendFor(key: string): FakeBackend {
  const backend = new FakeBackend().add(projectConfig({ publicKey: key, projectId: 1, keyId: 11 }));
  vi.spyOn(globalThis, "fetch").mockImplementation(backend.fetch);
  return backend;
}

/** A key no other test uses: the default export shares the isolate's config cache. */
const freshKey = () => eventId();

describe("worker default export", () => {
  it("answers GET /healthz", async () => {
    const res = await exports.default.fetch("https://edge.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("takes an @sentry/node 11 envelope through the real queue and consumer to the backend", async () => {
    const key = freshKey();
    const backend = fakeBackendFor(key);
    const id = eventId();
    const body = envelope(
      {
        event_id: id,
        sent_at: new Date().toISOString(),
        dsn: `https://${key}@edge.test/1`,
        sdk: { name: "sentry.javascript.node", version: "11.12.0" },
      },
      [{ type: "event", payload: nodeEvent(id) }],
    );
    const res = await exports.default.fetch(
      `https://edge.test/api/1/envelope/?sentry_key=${key}&sentry_version=7&sentry_client=sentry.javascript.node%2F11.12.0`,
      { method: "POST", body, headers: { "content-type": "application/x-sentry-envelope" } },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    expect(backend.configRequests).toHaveLength(1);
    // Miniflare delivers the queue batch to this Worker's queue handler (max_batch_timeout = 1 s).
    await vi.waitFor(
      () => expect(backend.ingests.flatMap((c) => c.records.map((r) => asEvent(r).event.event_id))).toContain(id),
      {
        timeout: 10_000,
        interval: 100,
      },
    );
  }, 15_000);

  it("consumes a batch with the default export's queue handler", async () => {
    const backend = fakeBackendFor(freshKey());
    const rec = record();
    const batch = createMessageBatch<QueueMessage>("breakwater-events", [
      { id: "a", timestamp: new Date(), attempts: 1, body: { v: 1, record: rec } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).ackAll).toBe(true);
    expect(backend.ingests[0]?.records).toEqual([rec]);
  });
});

describe("environment validation", () => {
  it("answers 500 instead of failing inside a handler when a binding is missing", async () => {
    const logger = new RecordingLogger();
    const { EVENTS: _missing, ...incomplete } = env;
    const res = await createWorker({ logger }).fetch(
      new Request("https://edge.test/healthz"),
      incomplete as typeof env,
      createExecutionContext(),
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ detail: "invalid worker environment" });
    expect(logger.find("invalid environment")).toHaveLength(1);
  });

  it("retries a batch rather than dropping it when the environment is broken", async () => {
    const { BACKEND_URL: _missing, ...incomplete } = env;
    const batch = createMessageBatch<QueueMessage>("breakwater-events", [
      { id: "a", timestamp: new Date(), attempts: 1, body: { v: 1, record: record() } },
    ]);
    const ctx = createExecutionContext();
    await createWorker({ logger: new RecordingLogger() }).queue(batch, incomplete as typeof env, ctx);
    expect((await getQueueResult(batch, ctx)).retryBatch.retry).toBe(true);
  });
});
