import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import type { Outcome } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import { createWorker } from "../../create-worker.ts";
import { FakeBackend } from "../../testutil/fake-backend.ts";
import { RecordingLogger, RecordingQueue } from "../../testutil/recording.ts";
import type { QueueMessage } from "../forwarder/message.ts";
import { OutcomeAggregator } from "./aggregator.ts";
import { type OutcomeBuffer, QueueOutcomeRecorder } from "./queue.ts";

const base = { org_id: 1, project_id: 2, key_id: 3, category: "error" as const };

describe("outcome aggregation", () => {
  it("sums equal outcomes of one minute into one row, and splits minutes and reasons", () => {
    const a = new OutcomeAggregator();
    a.add({ ...base, outcome: "accepted", reason: null, quantity: 2 }, 120);
    a.add({ ...base, outcome: "accepted", reason: null, quantity: 3 }, 179.9);
    a.add({ ...base, outcome: "accepted", reason: null, quantity: 1 }, 180);
    a.add({ ...base, outcome: "rate_limited", reason: "key_quota", quantity: 4 }, 130);
    expect(a.drain()).toEqual([
      { ...base, outcome: "accepted", reason: null, quantity: 5, timestamp: 120 },
      { ...base, outcome: "accepted", reason: null, quantity: 1, timestamp: 180 },
      { ...base, outcome: "rate_limited", reason: "key_quota", quantity: 4, timestamp: 120 },
    ]);
    expect(a.size).toBe(0);
  });
});

describe("QueueOutcomeRecorder", () => {
  it("queues what gathered during the flush delay as one message, after the response", async () => {
    const queue = new RecordingQueue();
    const buffer: OutcomeBuffer = { aggregator: new OutcomeAggregator(), flushPending: false };
    const ctx = createExecutionContext();
    const recorder = new QueueOutcomeRecorder({
      buffer,
      queue,
      waitUntil: (p) => ctx.waitUntil(p),
      logger: new RecordingLogger(),
      flushDelayMs: 10,
    });
    for (let i = 0; i < 100; i++) recorder.record({ ...base, outcome: "accepted", reason: null, quantity: 1 }, 600);
    expect(queue.sent).toHaveLength(0);
    await waitOnExecutionContext(ctx);
    expect(queue.sent.map((m) => m.body)).toEqual([
      { v: 1, outcomes: [{ ...base, outcome: "accepted", reason: null, quantity: 100, timestamp: 600 }] },
    ]);
  });

  it("keeps the counts for the next flush when the queue refuses", async () => {
    const queue = new RecordingQueue();
    queue.failWith = new Error("queue full");
    const buffer: OutcomeBuffer = { aggregator: new OutcomeAggregator(), flushPending: false };
    const ctx = createExecutionContext();
    const recorder = new QueueOutcomeRecorder({
      buffer,
      queue,
      waitUntil: (p) => ctx.waitUntil(p),
      logger: new RecordingLogger(),
      flushDelayMs: 1,
    });
    recorder.record({ ...base, outcome: "accepted", reason: null, quantity: 7 }, 600);
    await waitOnExecutionContext(ctx);
    expect(buffer.aggregator.drain()).toEqual([
      { ...base, outcome: "accepted", reason: null, quantity: 7, timestamp: 600 },
    ]);
  });
});

describe("outcome messages in the consumer", () => {
  const rows = (n: number): Outcome[] => [
    { ...base, outcome: "filtered", reason: "localhost", quantity: n, timestamp: 60 },
  ];

  it("posts them signed to /internal/outcomes and acks them", async () => {
    const backend = new FakeBackend();
    const worker = createWorker({ fetch: backend.fetch, logger: new RecordingLogger() });
    const batch = createMessageBatch<QueueMessage>("breakwater-events", [
      { id: "o1", timestamp: new Date(), attempts: 1, body: { v: 1, outcomes: rows(2) } },
      { id: "o2", timestamp: new Date(), attempts: 1, body: { v: 1, outcomes: rows(3) } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(backend.outcomePosts).toEqual([[...rows(2), ...rows(3)]]);
    expect(result.explicitAcks.sort()).toEqual(["o1", "o2"]);
  });

  it("retries them when the backend fails", async () => {
    const backend = new FakeBackend();
    backend.outcomesStatus = 500;
    const worker = createWorker({ fetch: backend.fetch, logger: new RecordingLogger() });
    const batch = createMessageBatch<QueueMessage>("breakwater-events", [
      { id: "o1", timestamp: new Date(), attempts: 1, body: { v: 1, outcomes: rows(2) } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["o1"]);
    expect(result.explicitAcks).toEqual([]);
  });
});
