/**
 * @module
 * The queue consumer: a batch of messages becomes one signed gzip NDJSON `POST /internal/ingest`.
 * All-or-nothing per batch: a 2xx acks every message, anything else retries every message with
 * exponential backoff (the backend is idempotent by event id, so a retried duplicate is harmless).
 * Messages that can never succeed (invalid, or whose blob is gone) are acked on their own with a log
 * line, so they do not hold the batch hostage until the dead-letter queue. Outcome messages ride the
 * same queue and go to `POST /internal/outcomes` in one request per batch, acked or retried on their own.
 */
import { IngestRecordSchema, type Outcome } from "@breakwater/core/schema";
import type { BackendClient } from "../backend/interface.ts";
import { QueueMessageSchema } from "../forwarder/message.ts";
import type { Logger } from "../logger/interface.ts";
import { GzipNdjsonWriter } from "./ndjson.ts";

/** What the consumer needs. */
export interface ConsumerDeps {
  backend: BackendClient;
  blobs: R2Bucket;
  logger: Logger;
}

/** Longest retry delay, seconds. */
export const MAX_RETRY_DELAY_SECONDS = 60;

/** `min(60, 2^attempts)` seconds, attempts counted from 1 on first delivery. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, 2 ** Math.max(0, attempts));
}

/** Reads a blob message's record from R2: the record, `undefined` if gone, or throws on R2 failure. */
async function loadBlob(blobs: R2Bucket, key: string): Promise<unknown> {
  const object = await blobs.get(key);
  if (object === null) return undefined;
  return JSON.parse(await object.text());
}

/**
 * Handles one queue batch.
 * @example export default { queue: (batch, env) => consumeEventBatch(batch, deps) }
 */
export async function consumeEventBatch(batch: MessageBatch<unknown>, deps: ConsumerDeps): Promise<void> {
  const { logger } = deps;
  const writer = new GzipNdjsonWriter();
  const blobKeys: string[] = [];
  const attempts = Math.max(1, ...batch.messages.map((m) => m.attempts));
  const outcomeMessages: Array<{ msg: Message<unknown>; outcomes: Outcome[] }> = [];

  for (const msg of batch.messages) {
    const parsed = QueueMessageSchema.safeParse(msg.body);
    if (!parsed.success) {
      logger.error("invalid queue message acked", { messageId: msg.id, issues: parsed.error.issues.slice(0, 5) });
      msg.ack();
      continue;
    }
    if ("record" in parsed.data) {
      await writer.add(parsed.data.record);
      continue;
    }
    if ("outcomes" in parsed.data) {
      outcomeMessages.push({ msg, outcomes: parsed.data.outcomes });
      continue;
    }
    const key = parsed.data.blob;
    let raw: unknown;
    try {
      raw = await loadBlob(deps.blobs, key);
    } catch (e) {
      // R2 hiccup or corrupt JSON: only this message waits for another attempt.
      logger.warn("event blob unreadable, retrying", { messageId: msg.id, key, error: String(e) });
      msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
      continue;
    }
    const record = IngestRecordSchema.safeParse(raw);
    if (!record.success) {
      logger.error(raw === undefined ? "event blob missing, acked" : "invalid event blob acked", {
        messageId: msg.id,
        key,
      });
      msg.ack();
      continue;
    }
    await writer.add(record.data);
    blobKeys.push(key);
  }

  await deliverOutcomes(outcomeMessages, deps);

  if (writer.count === 0) {
    await writer.discard();
    return;
  }
  const body = await writer.finish();
  const result = await deps.backend.ingest(body);
  if (!result.ok) {
    const delaySeconds = retryDelaySeconds(attempts);
    logger.warn("ingest failed, retrying batch", { error: result.error, events: writer.count, delaySeconds });
    batch.retryAll({ delaySeconds });
    return;
  }
  // Explicit per-message acks/retries above take precedence over ackAll.
  batch.ackAll();
  logger.info("batch ingested", { events: writer.count, bytes: body.byteLength, response: result.value });
  if (blobKeys.length > 0) {
    // Best effort: an orphaned blob only costs storage (a bucket lifecycle rule can expire them).
    await deps.blobs.delete(blobKeys).catch((e: unknown) => logger.warn("blob cleanup failed", { error: String(e) }));
  }
}

/** The backend takes at most this many rows per request (core's OutcomesBatchSchema). */
const MAX_OUTCOME_ROWS = 10_000;

/** Posts the batch's outcome rows in as few requests as fit; acks those messages, or retries them. */
async function deliverOutcomes(
  messages: ReadonlyArray<{ msg: Message<unknown>; outcomes: Outcome[] }>,
  deps: ConsumerDeps,
): Promise<void> {
  let chunk: Array<{ msg: Message<unknown>; outcomes: Outcome[] }> = [];
  let rows = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const outcomes = chunk.flatMap((m) => m.outcomes);
    const result = await deps.backend.postOutcomes({ outcomes });
    for (const { msg } of chunk) {
      if (result.ok) msg.ack();
      else msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
    }
    if (!result.ok)
      deps.logger.warn("outcomes not delivered, retrying", { error: result.error, rows: outcomes.length });
    chunk = [];
    rows = 0;
  };
  for (const m of messages) {
    if (rows + m.outcomes.length > MAX_OUTCOME_ROWS) await flush();
    chunk.push(m);
    rows += m.outcomes.length;
  }
  await flush();
}
