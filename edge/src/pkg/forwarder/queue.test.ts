import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RecordingQueue } from "../../testutil/recording.ts";
import { record } from "../../testutil/records.ts";
import { BLOB_KEY_PATTERN, MAX_INLINE_RECORD_BYTES, QueueMessageSchema } from "./message.ts";
import { QueueForwarder } from "./queue.ts";

function setup() {
  const queue = new RecordingQueue();
  return { queue, forwarder: new QueueForwarder({ queue, blobs: env.EVENT_BLOBS }) };
}

describe("QueueForwarder", () => {
  it("sends a small record inline, as JSON", async () => {
    const { queue, forwarder } = setup();
    const rec = record();
    const result = await forwarder.forward(rec);
    expect(result).toMatchObject({ ok: true, value: { via: "inline" } });
    expect(queue.sent).toEqual([{ body: { v: 1, record: rec }, options: { contentType: "json" } }]);
    expect(QueueMessageSchema.safeParse(queue.sent[0]?.body).success).toBe(true);
  });

  it("spills a record over the message cap to R2 and sends its key", async () => {
    const { queue, forwarder } = setup();
    const rec = record({ padding: MAX_INLINE_RECORD_BYTES });
    const result = await forwarder.forward(rec);
    const key = `events/1/${rec.event.event_id}.json`;
    expect(result).toMatchObject({ ok: true, value: { via: "blob", key } });
    expect(queue.sent).toEqual([{ body: { v: 1, blob: key }, options: { contentType: "json" } }]);
    expect(key).toMatch(BLOB_KEY_PATTERN);
    const stored = await env.EVENT_BLOBS.get(key);
    expect(stored?.httpMetadata?.contentType).toBe("application/json");
    expect(await stored?.json()).toEqual(rec);
  });

  it("measures UTF-8 bytes, not characters", async () => {
    const { queue, forwarder } = setup();
    // 50 000 three-byte characters: 50 KB of string length, 150 KB on the wire.
    const rec = record();
    rec.event.extra = { text: "€".repeat(50_000) };
    expect((await forwarder.forward(rec)).ok).toBe(true);
    expect(queue.sent[0]?.body).toHaveProperty("blob");
  });

  it("reports a queue that refuses the message", async () => {
    const { queue, forwarder } = setup();
    queue.failWith = new Error("Queue send failed: backlog full");
    expect(await forwarder.forward(record())).toEqual({
      ok: false,
      error: { code: "queue", detail: "Queue send failed: backlog full" },
    });
  });

  it("reports an R2 failure without sending a message", async () => {
    const queue = new RecordingQueue();
    const blobs = {
      put: async () => {
        throw new Error("R2 unavailable");
      },
    } as unknown as R2Bucket;
    const forwarder = new QueueForwarder({ queue, blobs, maxInlineBytes: 10 });
    expect(await forwarder.forward(record())).toEqual({
      ok: false,
      error: { code: "blob_store", detail: "R2 unavailable" },
    });
    expect(queue.sent).toEqual([]);
  });

  it("reports a record that cannot be serialized", async () => {
    const { forwarder } = setup();
    const rec = record();
    let deep: unknown[] = [];
    rec.event.extra = { deep };
    for (let i = 0; i < 200_000; i++) deep = [deep];
    rec.event.extra = { deep };
    const result = await forwarder.forward(rec);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("serialize");
  });

  it("works against the real queue binding", async () => {
    const forwarder = new QueueForwarder({ queue: env.EVENTS, blobs: env.EVENT_BLOBS });
    expect((await forwarder.forward(record())).ok).toBe(true);
  });
});
