/**
 * @module
 * {@link EventForwarder} over a Cloudflare Queue, with R2 for records too large for a message. The
 * handler awaits `send()`: the queue has the message before the SDK gets its 200.
 */
import { err, ok, type Result } from "@breakwater/core/protocol";
import type { IngestRecord } from "@breakwater/core/schema";
import type { EventForwarder, ForwardError, ForwardReceipt } from "./interface.ts";
import { blobKey, MAX_INLINE_RECORD_BYTES, type QueueMessage } from "./message.ts";

/** Options for {@link QueueForwarder}. */
export interface QueueForwarderOptions {
  queue: Queue<QueueMessage>;
  blobs: R2Bucket;
  /** Records whose JSON is larger go through R2. Default {@link MAX_INLINE_RECORD_BYTES}. */
  maxInlineBytes?: number;
}

const encoder = new TextEncoder();

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Sends each record as one queue message, spilling large ones to R2. */
export class QueueForwarder implements EventForwarder {
  private readonly maxInlineBytes: number;

  constructor(private readonly opts: QueueForwarderOptions) {
    this.maxInlineBytes = opts.maxInlineBytes ?? MAX_INLINE_RECORD_BYTES;
  }

  async forward(record: IngestRecord): Promise<Result<ForwardReceipt, ForwardError>> {
    let json: string;
    try {
      json = JSON.stringify(record);
    } catch (e) {
      // Only a pathological payload (nesting deeper than the serializer's stack) gets here.
      return err({ code: "serialize", detail: message(e) });
    }
    // UTF-8 is at most 3 bytes per UTF-16 unit: skip encoding when even the worst case fits.
    const bytes = json.length * 3 <= this.maxInlineBytes ? json.length : encoder.encode(json).byteLength;
    if (bytes <= this.maxInlineBytes) {
      const sent = await this.send({ v: 1, record });
      return sent.ok ? ok({ via: "inline", bytes }) : sent;
    }
    const key = blobKey(record);
    try {
      await this.opts.blobs.put(key, json, { httpMetadata: { contentType: "application/json" } });
    } catch (e) {
      return err({ code: "blob_store", detail: message(e) });
    }
    const sent = await this.send({ v: 1, blob: key });
    return sent.ok ? ok({ via: "blob", bytes, key }) : sent;
  }

  private async send(body: QueueMessage): Promise<Result<void, ForwardError>> {
    try {
      // JSON, not the default structured clone: the consumer validates plain JSON with zod either way,
      // and the size we measured is the size that travels.
      await this.opts.queue.send(body, { contentType: "json" });
      return ok(undefined);
    } catch (e) {
      return err({ code: "queue", detail: message(e) });
    }
  }
}
