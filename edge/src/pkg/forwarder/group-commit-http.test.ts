import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { gunzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { FakeBackend } from "../../testutil/fake-backend.ts";
import { deferred, RecordingLogger } from "../../testutil/recording.ts";
import { asEvent, record } from "../../testutil/records.ts";
import { HttpBackendClient } from "../backend/http.ts";
import { GroupCommitHttpForwarder, IngestGroupCommit, type IngestGroupCommitOptions } from "./group-commit-http.ts";

/** A fake backend whose ingest answers wait for `gate` (when set), behind the real HTTP client. */
function setup(opts: Partial<IngestGroupCommitOptions> = {}) {
  const backend = new FakeBackend();
  let gate: Promise<void> | undefined;
  const gatedFetch: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    if (gate && new URL(req.url).pathname === "/internal/ingest") await gate;
    return backend.fetch(req);
  };
  const client = new HttpBackendClient({
    baseUrl: "http://backend.test",
    secret: "test-internal-secret",
    fetch: gatedFetch,
  });
  const logger = new RecordingLogger();
  const batcher = new IngestGroupCommit({ backend: client, logger, ...opts });
  const ctx = createExecutionContext();
  const forwarder = new GroupCommitHttpForwarder(batcher, (p) => ctx.waitUntil(p));
  return {
    backend,
    batcher,
    forwarder,
    logger,
    ctx,
    hold() {
      const d = deferred();
      gate = d.promise;
      return d.resolve;
    },
  };
}

describe("GroupCommitHttpForwarder", () => {
  it("gathers concurrent records into one signed gzip NDJSON POST", async () => {
    const { backend, forwarder, batcher } = setup({ maxDelayMs: 5 });
    const records = Array.from({ length: 20 }, () => record());
    const results = await Promise.all(records.map((r) => forwarder.forward(r)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(backend.ingests).toHaveLength(1);
    expect(backend.ingests[0]?.headers.get("content-encoding")).toBe("gzip");
    expect(backend.ingests[0]?.records.map((r) => asEvent(r).event.event_id)).toEqual(
      records.map((r) => r.event.event_id),
    );
    expect(batcher.stats).toEqual({ batches: 1, records: 20, failedBatches: 0 });
    // The exact body (DESIGN 3.2): every record's JSON on its own line, each line `\n`-terminated.
    const body = new TextDecoder().decode(gunzipSync(backend.ingests[0]?.body ?? new Uint8Array()));
    expect(body).toBe(records.map((r) => `${JSON.stringify(r)}\n`).join(""));
  });

  it("resolves each caller only after the backend acknowledged the batch", async () => {
    const { backend, forwarder, hold } = setup({ maxDelayMs: 1 });
    const release = hold();
    const settled: boolean[] = [];
    const pending = Array.from({ length: 5 }, (_, i) => {
      settled[i] = false;
      return forwarder.forward(record()).then((r) => {
        settled[i] = true;
        return r;
      });
    });
    // Long past the gathering window: the batch is in flight, held by the backend.
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toEqual([false, false, false, false, false]);
    expect(backend.ingests).toHaveLength(0);
    release();
    const results = await Promise.all(pending);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(backend.ingests).toHaveLength(1);
  });

  it("fails every waiter of a batch the backend refuses, and logs it once", async () => {
    const { backend, forwarder, logger } = setup();
    backend.ingestStatus = 500;
    const results = await Promise.all(Array.from({ length: 4 }, () => forwarder.forward(record())));
    for (const r of results) {
      expect(r).toMatchObject({ ok: false, error: { code: "queue" } });
      if (!r.ok) expect(r.error.detail).toContain("500");
    }
    expect(backend.ingests).toHaveLength(1);
    expect(logger.find("ingest batch failed")).toHaveLength(1);
  });

  it("fails the waiters when the backend is unreachable", async () => {
    const { backend, forwarder } = setup();
    backend.unreachable = true;
    const result = await forwarder.forward(record());
    expect(result).toMatchObject({ ok: false, error: { code: "queue" } });
  });

  it("posts a full batch at once, without waiting for the window", async () => {
    const { backend, forwarder } = setup({ maxDelayMs: 60_000, maxRecords: 3 });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 6 }, () => forwarder.forward(record())));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(backend.ingests.map((i) => i.records.length)).toEqual([3, 3]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("closes a batch on its byte budget", async () => {
    const { backend, forwarder } = setup({ maxDelayMs: 60_000, maxBytes: 1 });
    const results = await Promise.all([forwarder.forward(record()), forwarder.forward(record())]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(backend.ingests.map((i) => i.records.length)).toEqual([1, 1]);
  });

  it("keeps gathering into a new batch while the previous one is in flight", async () => {
    const { backend, forwarder, hold } = setup({ maxDelayMs: 1 });
    const release = hold();
    const first = forwarder.forward(record());
    await new Promise((r) => setTimeout(r, 20));
    const second = forwarder.forward(record());
    await new Promise((r) => setTimeout(r, 20));
    release();
    expect((await first).ok && (await second).ok).toBe(true);
    expect(backend.ingests.map((i) => i.records.length)).toEqual([1, 1]);
  });

  it("keeps gathering past the window while the in-flight limit is reached, then posts one batch", async () => {
    const { backend, forwarder, hold } = setup({ maxDelayMs: 1, maxInFlight: 1 });
    const release = hold();
    const first = forwarder.forward(record());
    await new Promise((r) => setTimeout(r, 20));
    // The first batch is in flight: these wait for its slot, well past their own 1 ms window.
    const later = [forwarder.forward(record())];
    await new Promise((r) => setTimeout(r, 20));
    later.push(forwarder.forward(record()), forwarder.forward(record()));
    release();
    const results = await Promise.all([first, ...later]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(backend.ingests.map((i) => i.records.length)).toEqual([1, 3]);
  });

  it("answers a waiter whose batch never completes with an error at its deadline", async () => {
    const { backend, forwarder, hold } = setup({ maxDelayMs: 1, waiterTimeoutMs: 30 });
    const release = hold();
    const pending = forwarder.forward(record());
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { code: "queue" } });
    if (!result.ok) expect(result.error.detail).toContain("no acknowledgement");
    // An acknowledgement after the deadline does not turn the answer into a success.
    release();
    await vi.waitFor(() => expect(backend.ingests).toHaveLength(1));
    expect(await pending).toEqual(result);
  });

  it("sets each caller's own deadline timer while it waits and clears it once answered", async () => {
    // In workerd a timer belongs to the request that set it, and a pending timer is what keeps a
    // waiting request alive while another request's POST settles its promise (without one, workerd
    // cancels the waiter as hung: test/e2e/workerd-serve.test.ts). So: one deadline per caller, set in
    // the caller's own forward() call, cleared by it; never one timer for the whole batch.
    const setSpy = vi.spyOn(globalThis, "setTimeout");
    const clearSpy = vi.spyOn(globalThis, "clearTimeout");
    try {
      const { forwarder, hold } = setup({ maxDelayMs: 1, waiterTimeoutMs: 12_345 });
      const release = hold();
      const pending = Array.from({ length: 3 }, () => forwarder.forward(record()));
      const deadlines = setSpy.mock.calls
        .map((call, i) => ({ ms: call[1], id: setSpy.mock.results[i]?.value }))
        .filter((t) => t.ms === 12_345);
      expect(deadlines).toHaveLength(3);
      expect(clearSpy).not.toHaveBeenCalled();
      release();
      expect((await Promise.all(pending)).every((r) => r.ok)).toBe(true);
      const cleared = clearSpy.mock.calls.map((call) => call[0]);
      for (const { id } of deadlines) expect(cleared).toContain(id);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
    }
  });

  it("runs the batch's work under the request's waitUntil", async () => {
    const { backend, forwarder, ctx } = setup({ maxDelayMs: 1 });
    const result = forwarder.forward(record());
    await waitOnExecutionContext(ctx);
    expect(backend.ingests).toHaveLength(1);
    expect((await result).ok).toBe(true);
  });
});
