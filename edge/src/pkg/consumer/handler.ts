/**
 * @module
 * The queue consumer: a batch of messages becomes one signed gzip NDJSON `POST /internal/ingest`.
 * A 2xx acks every message. A transient failure (backend unreachable, 5xx, 401/408/429) retries every
 * message with exponential backoff (the backend is idempotent by event id, so a retried duplicate is
 * harmless). A refusal of the batch's content (400/413/415/422: a poison record the backend cannot
 * take) splits the batch in halves until the poison is alone: the rest is stored and acked, and the
 * poison message alone is retried until the queue moves it to the dead-letter queue
 * (`dead_letter_queue` in wrangler.toml, after `max_retries`), so one bad record never sends a
 * hundred good ones there with it. Messages that can never succeed (invalid, or whose blob is gone)
 * are acked on their own with a log line. Outcome messages ride the same queue and go to
 * `POST /internal/outcomes` in one request per batch, acked or retried on their own.
 */
import { type IngestRecord, IngestRecordSchema, type Outcome, recordKey } from "@breakwater/core/schema";
import type { BackendClient, BackendError } from "../backend/interface.ts";
import { QueueMessageSchema } from "../forwarder/message.ts";
import type { Logger } from "../logger/interface.ts";
import { gzipNdjson } from "./ndjson.ts";

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

/** Statuses by which the backend refuses what a batch contains: splitting the batch can help. */
const CONTENT_REFUSALS = new Set([400, 413, 415, 422]);

/** True when the batch's content, not the backend's state, made it fail. */
export function isContentRefusal(error: BackendError): boolean {
  return error.code === "http_status" && CONTENT_REFUSALS.has(error.status);
}

/** A message and the record it carries. */
interface Delivery {
  msg: Message<unknown>;
  record: IngestRecord;
  /** R2 key to delete once stored, for blob messages. */
  blobKey?: string;
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
  const deliveries: Delivery[] = [];
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
      deliveries.push({ msg, record: parsed.data.record });
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
    deliveries.push({ msg, record: record.data, blobKey: key });
  }

  await deliverOutcomes(outcomeMessages, deps);
  if (deliveries.length === 0) return;

  const first = await post(deliveries, deps);
  if (first.ok) {
    // Explicit per-message acks/retries above take precedence over ackAll.
    batch.ackAll();
    await deleteBlobs(deliveries, deps);
    return;
  }
  if (!isContentRefusal(first.error)) {
    const delaySeconds = retryDelaySeconds(attempts);
    logger.warn("ingest failed, retrying batch", { error: first.error, events: deliveries.length, delaySeconds });
    batch.retryAll({ delaySeconds });
    return;
  }
  logger.warn("backend refused the batch's content, splitting it", {
    error: first.error,
    events: deliveries.length,
  });
  await bisect(deliveries, deps);
}

/** Posts the records of `deliveries` as one signed gzip NDJSON batch. */
async function post(deliveries: readonly Delivery[], deps: ConsumerDeps) {
  const body = await gzipNdjson(deliveries.map((d) => d.record));
  const result = await deps.backend.ingest(body);
  if (result.ok) {
    deps.logger.info("batch ingested", { events: deliveries.length, bytes: body.byteLength, response: result.value });
  }
  return result;
}

/**
 * Halves that are refused for their content are split again; a refused single message is poison and
 * is retried on its own until the queue dead-letters it. A transient failure part-way retries the
 * part that has not been stored.
 */
async function bisect(deliveries: readonly Delivery[], deps: ConsumerDeps): Promise<void> {
  const half = Math.ceil(deliveries.length / 2);
  for (const part of [deliveries.slice(0, half), deliveries.slice(half)]) {
    if (part.length === 0) continue;
    const result = await post(part, deps);
    if (result.ok) {
      for (const d of part) d.msg.ack();
      await deleteBlobs(part, deps);
    } else if (!isContentRefusal(result.error)) {
      for (const d of part) d.msg.retry({ delaySeconds: retryDelaySeconds(d.msg.attempts) });
    } else if (part.length > 1) {
      await bisect(part, deps);
    } else {
      const [poison] = part;
      if (!poison) continue;
      deps.logger.error("poison message: the backend refuses its record, retrying it until dead-lettered", {
        messageId: poison.msg.id,
        record: recordKey(poison.record),
        attempts: poison.msg.attempts,
        error: result.error,
      });
      poison.msg.retry({ delaySeconds: retryDelaySeconds(poison.msg.attempts) });
    }
  }
}

/** Best effort: an orphaned blob only costs storage (a bucket lifecycle rule can expire them). */
async function deleteBlobs(deliveries: readonly Delivery[], deps: ConsumerDeps): Promise<void> {
  const keys = deliveries.flatMap((d) => (d.blobKey ? [d.blobKey] : []));
  if (keys.length === 0) return;
  await deps.blobs.delete(keys).catch((e: unknown) => deps.logger.warn("blob cleanup failed", { error: String(e) }));
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
