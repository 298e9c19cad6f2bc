import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { SIGNATURE_HEADER, verifySignature } from "@breakwater/core/signature";
import { describe, expect, it, vi } from "vitest";
import { createWorker } from "../../create-worker.ts";
import { FakeBackend } from "../../testutil/fake-backend.ts";
import { RecordingLogger } from "../../testutil/recording.ts";
import { asEvent, record } from "../../testutil/records.ts";
import type { QueueMessage } from "../forwarder/message.ts";
import { retryDelaySeconds } from "./handler.ts";

/** Runs the Worker's queue handler on messages; returns what it acked and retried. */
async function consume(bodies: unknown[], opts: { attempts?: number; backend?: FakeBackend } = {}) {
  const backend = opts.backend ?? new FakeBackend();
  const logger = new RecordingLogger();
  const worker = createWorker({ fetch: backend.fetch, logger });
  const batch = createMessageBatch<QueueMessage>(
    "breakwater-events",
    bodies.map((body, i) => ({
      id: `m${i}`,
      timestamp: new Date(),
      attempts: opts.attempts ?? 1,
      body: body as QueueMessage,
    })),
  );
  // getQueueResult does not report delays: spy on the calls to see them.
  const retryAll = vi.spyOn(batch, "retryAll");
  const retries = batch.messages.map((m) => vi.spyOn(m, "retry"));
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return { result: await getQueueResult(batch, ctx), backend, logger, retryAll, retries };
}

describe("queue consumer", () => {
  it("posts one signed gzip NDJSON batch and acks everything on 2xx", async () => {
    const records = [record(), record(), record()];
    const { result, backend } = await consume(records.map((r) => ({ v: 1, record: r })));
    expect(result.ackAll).toBe(true);
    expect(result.retryBatch.retry).toBe(false);
    expect(backend.ingests).toHaveLength(1);
    const [call] = backend.ingests;
    expect(call?.records).toEqual(records);
    expect(call?.headers.get("content-type")).toBe("application/x-ndjson");
    expect(call?.headers.get("content-encoding")).toBe("gzip");
    // Signed over the exact gzip bytes sent (the fake verifies too, and would have answered 401).
    expect(verifySignature(env.INTERNAL_SECRET, call?.headers.get(SIGNATURE_HEADER), call?.body ?? "").ok).toBe(true);
    expect([call?.body[0], call?.body[1]]).toEqual([0x1f, 0x8b]);
  });

  it("resolves blob messages from R2 and deletes the blobs after the backend accepted them", async () => {
    const big = record({ padding: 200_000 });
    const key = `events/1/${big.event.event_id}.json`;
    await env.EVENT_BLOBS.put(key, JSON.stringify(big));
    const small = record();
    const { result, backend } = await consume([
      { v: 1, blob: key },
      { v: 1, record: small },
    ]);
    expect(result.ackAll).toBe(true);
    expect(backend.ingests[0]?.records).toEqual([big, small]);
    expect(await env.EVENT_BLOBS.head(key)).toBeNull();
  });

  it("retries the whole batch with backoff when the backend answers 500, keeping the blobs", async () => {
    const backend = new FakeBackend();
    backend.ingestStatus = 500;
    const big = record({ padding: 1000 });
    const key = `events/1/${big.event.event_id}.json`;
    await env.EVENT_BLOBS.put(key, JSON.stringify(big));
    const { result, logger, retryAll } = await consume(
      [
        { v: 1, record: record() },
        { v: 1, blob: key },
      ],
      { attempts: 3, backend },
    );
    expect(result.ackAll).toBe(false);
    expect(result.retryBatch).toEqual({ retry: true });
    expect(retryAll).toHaveBeenCalledWith({ delaySeconds: 8 });
    expect(backend.ingests).toHaveLength(1);
    expect(await env.EVENT_BLOBS.head(key)).not.toBeNull();
    expect(logger.find("retrying batch")).toHaveLength(1);
  });

  it("isolates a poison record by splitting the batch: the rest is stored and acked, the poison alone retried", async () => {
    const records = Array.from({ length: 10 }, () => record());
    const poison = records[6];
    if (!poison) throw new Error("no record");
    const backend = new FakeBackend();
    backend.poison.add(poison.event.event_id);
    const { result, logger, retryAll, retries } = await consume(
      records.map((r) => ({ v: 1, record: r })),
      { backend, attempts: 2 },
    );
    expect(retryAll).not.toHaveBeenCalled();
    expect(result.ackAll).toBe(false);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1", "m2", "m3", "m4", "m5", "m7", "m8", "m9"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m6"]);
    expect(retries[6]).toHaveBeenCalledWith({ delaySeconds: 4 });
    // Every good record reached the backend in an accepted batch; the poison never did.
    const stored = backend.ingests
      .slice(1)
      .flatMap((c) => c.records.map(asEvent).filter((r) => r.event.event_id !== poison.event.event_id));
    expect(new Set(stored.map((r) => r.event.event_id)).size).toBe(9);
    // log2(10) rounds of halving: a bounded number of requests, not one per record.
    expect(backend.ingests.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(10)));
    expect(logger.find("poison message")).toHaveLength(1);
  });

  it("isolates several poison records in one batch", async () => {
    const records = Array.from({ length: 16 }, () => record());
    const backend = new FakeBackend();
    for (const i of [0, 5, 15]) backend.poison.add(records[i]?.event.event_id ?? "");
    const { result } = await consume(
      records.map((r) => ({ v: 1, record: r })),
      { backend },
    );
    expect(result.retryMessages.map((m) => m.msgId).sort()).toEqual(["m0", "m15", "m5"]);
    expect(result.explicitAcks).toHaveLength(13);
  });

  it("does not split on a transient failure (a 503 or a 401 is not about the content)", async () => {
    for (const status of [503, 401, 429]) {
      const backend = new FakeBackend();
      backend.ingestStatus = status;
      const { retryAll } = await consume(
        [
          { v: 1, record: record() },
          { v: 1, record: record() },
        ],
        { backend },
      );
      expect(backend.ingests).toHaveLength(1);
      expect(retryAll).toHaveBeenCalledWith({ delaySeconds: 2 });
    }
  });

  it("retries when the backend is unreachable", async () => {
    const backend = new FakeBackend();
    backend.unreachable = true;
    const { result, retryAll } = await consume([{ v: 1, record: record() }], { backend, attempts: 10 });
    expect(result.retryBatch).toEqual({ retry: true });
    expect(retryAll).toHaveBeenCalledWith({ delaySeconds: 60 });
  });

  it("acks invalid messages on their own, with a log line, and still posts the valid ones", async () => {
    const good = record();
    const { result, backend, logger } = await consume([
      { v: 2, record: good },
      "not even an object",
      { v: 1, blob: "../../etc/passwd" },
      { v: 1, record: { ...good, project_id: -1 } },
      { v: 1, record: good },
    ]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1", "m2", "m3"]);
    expect(result.ackAll).toBe(true);
    expect(backend.ingests[0]?.records).toEqual([good]);
    expect(logger.find("invalid queue message acked")).toHaveLength(4);
  });

  it("acks a message whose blob is gone", async () => {
    const { result, backend, logger } = await consume([{ v: 1, blob: `events/1/${"0".repeat(32)}.json` }]);
    expect(result.explicitAcks).toEqual(["m0"]);
    expect(backend.ingests).toHaveLength(0);
    expect(logger.find("blob missing")).toHaveLength(1);
  });

  it("acks a blob holding an invalid record", async () => {
    const key = `events/1/${"1".repeat(32)}.json`;
    await env.EVENT_BLOBS.put(key, JSON.stringify({ project_id: 1 }));
    const { result, logger } = await consume([{ v: 1, blob: key }]);
    expect(result.explicitAcks).toEqual(["m0"]);
    expect(logger.find("invalid event blob")).toHaveLength(1);
  });

  it("retries only the message whose blob cannot be read", async () => {
    const key = `events/1/${"2".repeat(32)}.json`;
    await env.EVENT_BLOBS.put(key, "{not json");
    const good = record();
    const { result, backend, retries } = await consume(
      [
        { v: 1, blob: key },
        { v: 1, record: good },
      ],
      { attempts: 2 },
    );
    expect(result.retryMessages).toEqual([{ msgId: "m0" }]);
    expect(retries[0]).toHaveBeenCalledWith({ delaySeconds: 4 });
    expect(result.ackAll).toBe(true);
    expect(backend.ingests[0]?.records).toEqual([good]);
  });
});

describe("retryDelaySeconds", () => {
  it("doubles per attempt up to a minute", () => {
    expect([1, 2, 3, 5, 6, 7, 20].map(retryDelaySeconds)).toEqual([2, 4, 8, 32, 60, 60, 60]);
  });
});
