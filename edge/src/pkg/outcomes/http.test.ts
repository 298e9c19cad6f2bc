import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../../testutil/fake-backend.ts";
import { RecordingLogger } from "../../testutil/recording.ts";
import { HttpBackendClient } from "../backend/http.ts";
import { OutcomeAggregator } from "./aggregator.ts";
import { HttpOutcomeRecorder } from "./http.ts";
import type { OutcomeBuffer } from "./queue.ts";

const base = { org_id: 1, project_id: 2, key_id: 3, category: "error" as const };

function setup() {
  const backend = new FakeBackend();
  const client = new HttpBackendClient({
    baseUrl: "http://backend.test",
    secret: "test-internal-secret",
    fetch: backend.fetch,
  });
  const buffer: OutcomeBuffer = { aggregator: new OutcomeAggregator(), flushPending: false };
  const ctx = createExecutionContext();
  const logger = new RecordingLogger();
  const recorder = new HttpOutcomeRecorder({
    buffer,
    backend: client,
    waitUntil: (p) => ctx.waitUntil(p),
    logger,
    flushDelayMs: 5,
  });
  return { backend, buffer, ctx, logger, recorder };
}

describe("HttpOutcomeRecorder", () => {
  it("posts what gathered during the flush delay in one signed request, after the response", async () => {
    const { backend, ctx, recorder } = setup();
    for (let i = 0; i < 50; i++) recorder.record({ ...base, outcome: "accepted", reason: null, quantity: 1 }, 600);
    recorder.record({ ...base, outcome: "rate_limited", reason: "key_quota", quantity: 3 }, 610);
    expect(backend.outcomePosts).toHaveLength(0);
    await waitOnExecutionContext(ctx);
    expect(backend.outcomePosts).toEqual([
      [
        { ...base, outcome: "accepted", reason: null, quantity: 50, timestamp: 600 },
        { ...base, outcome: "rate_limited", reason: "key_quota", quantity: 3, timestamp: 600 },
      ],
    ]);
  });

  it("keeps the counts for the next flush when the backend refuses", async () => {
    const { backend, buffer, ctx, logger, recorder } = setup();
    backend.outcomesStatus = 503;
    recorder.record({ ...base, outcome: "accepted", reason: null, quantity: 7 }, 600);
    await waitOnExecutionContext(ctx);
    expect(logger.find("outcomes not shipped")).toHaveLength(1);
    expect(buffer.flushPending).toBe(false);
    expect(buffer.aggregator.drain()).toEqual([
      { ...base, outcome: "accepted", reason: null, quantity: 7, timestamp: 600 },
    ]);
  });
});
