/**
 * @module
 * {@link EventForwarder} for the self-hosted edge (`workerd serve`, `FORWARD_MODE=http`), where there
 * is no Cloudflare Queue: records go straight to the backend's `POST /internal/ingest` by group
 * commit (DESIGN 5). Concurrent requests of an isolate are gathered for up to
 * {@link DEFAULT_GROUP_COMMIT_MS} (or until {@link DEFAULT_MAX_BATCH_RECORDS} records or
 * {@link DEFAULT_MAX_BATCH_BYTES} bytes) into one signed gzip NDJSON batch, and each waiting
 * `forward()` resolves only after the backend acknowledged that batch with a 2xx, so a 200 to the SDK
 * still means "stored" (DESIGN 1). A failed batch fails every waiter, and the SDK gets a 503 and
 * retries; the backend is idempotent by event id, so a batch that was stored but not acknowledged
 * costs nothing but the retry.
 *
 * At most {@link DEFAULT_MAX_IN_FLIGHT} batches are posted at a time. While they are, the next batch
 * keeps gathering past its window (up to its size caps), so a slow backend gets fewer, larger
 * batches instead of a pile of small concurrent ones: the classic group commit, where the next group
 * forms while the previous one is being made durable.
 *
 * Two objects: {@link IngestGroupCommit} is the isolate-wide batcher (one per app, built on the
 * first request), {@link GroupCommitHttpForwarder} the per-request facade that also hands the batch's
 * work to the request's `waitUntil`. In workerd a timer or `fetch` belongs to the request that
 * started it, and a request's pending work may be cancelled (a client disconnect can do that) unless
 * it is under `waitUntil`: one vanished client must not strand the rest of its batch. (The request
 * that opens or fills a batch is itself one of its waiters, so it is alive anyway; `waitUntil` is
 * the belt to those braces.) Waiters are plain promises created in their own request and resolved
 * from the flushing one, which workerd supports as long as the waiting request has something of its
 * own pending: each waiter's deadline timer ({@link DEFAULT_WAITER_TIMEOUT_MS}) is that. Without it
 * workerd cancels a waiting request as hung while another request's POST is in flight (measured
 * under `workerd serve`: ~40% of requests answered 500). So the per-caller timer is not only the
 * last-resort deadline for a torn-down flushing request; it cannot become one timer per batch.
 *
 * Per-request cost (issue 8's profile): one promise and one timer per caller, the record's JSON
 * with its newline, and a share of the batch's join, gzip, native HMAC and fetch.
 */
import { gzipSync } from "node:zlib";
import { err, ok, type Result } from "@breakwater/core/protocol";
import type { IngestRecord } from "@breakwater/core/schema";
import type { BackendClient, BackendError } from "../backend/interface.ts";
import type { Logger } from "../logger/interface.ts";
import type { EventForwarder, ForwardError, ForwardReceipt } from "./interface.ts";

/** Default longest wait, in milliseconds, between a batch's first record and its POST. */
export const DEFAULT_GROUP_COMMIT_MS = 5;
/** Default most records per batch; a full batch is posted at once. */
export const DEFAULT_MAX_BATCH_RECORDS = 500;
/**
 * Default most uncompressed NDJSON per batch, counted in UTF-16 units of the JSON (so up to 3× as
 * many UTF-8 bytes for non-ASCII text; the backend takes 64 MiB compressed, 256 MiB inflated).
 */
export const DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** Default most batches posted and not yet answered at a time. */
export const DEFAULT_MAX_IN_FLIGHT = 2;
/**
 * Default longest a caller waits for its batch, in milliseconds: room for a batch ahead of it and its
 * own, each bounded by the backend client's 10 s timeout, so it only fires if the flushing request
 * was torn down under us.
 */
export const DEFAULT_WAITER_TIMEOUT_MS = 30_000;

/** Options for {@link IngestGroupCommit}. */
export interface IngestGroupCommitOptions {
  /** Where batches go; only `ingest` is used. */
  backend: Pick<BackendClient, "ingest">;
  logger: Logger;
  /** Gathering window in ms, from a batch's first record. Default {@link DEFAULT_GROUP_COMMIT_MS}. */
  maxDelayMs?: number;
  /** Records that close a batch early. Default {@link DEFAULT_MAX_BATCH_RECORDS}. */
  maxRecords?: number;
  /** Uncompressed size (UTF-16 units) that closes a batch early. Default {@link DEFAULT_MAX_BATCH_BYTES}. */
  maxBytes?: number;
  /** Batches posted concurrently at most. Default {@link DEFAULT_MAX_IN_FLIGHT}. */
  maxInFlight?: number;
  /** Per-caller deadline in ms. Default {@link DEFAULT_WAITER_TIMEOUT_MS}. */
  waiterTimeoutMs?: number;
}

type BatchResult = Result<void, string>;

interface Batch {
  /** Records' JSON, each with its trailing newline. */
  lines: string[];
  bytes: number;
  waiters: Array<(result: BatchResult) => void>;
  /** Takes no more records (full, or being posted). */
  closed: boolean;
  /** A flush was requested (its window passed or it filled up); it may still wait for a slot. */
  flushing: boolean;
}

/** Statistics since the batcher was created (logs and tests). */
export interface GroupCommitStats {
  batches: number;
  records: number;
  failedBatches: number;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function describe(error: BackendError): string {
  return error.code === "http_status" ? `backend answered ${error.status}: ${error.detail}` : error.detail;
}

/**
 * zlib level of ingest batches. The hop is edge → backend, usually a private network: level 1 takes
 * a fraction of the default level's (6) CPU for output ~15% larger, and the edge's CPU is what
 * limits its throughput (issue 8).
 */
const BATCH_GZIP_LEVEL = 1;

const encoder = new TextEncoder();

/**
 * gzip of the NDJSON lines, each already `\n`-terminated (DESIGN 3.2). One native node:zlib call: the
 * CompressionStream + Blob + Response plumbing it replaces cost more than the compression itself
 * (issue 8's profile of the edge under `workerd serve`).
 */
function gzipLines(lines: readonly string[]): Uint8Array {
  const out = gzipSync(encoder.encode(lines.join("")), { level: BATCH_GZIP_LEVEL });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The isolate-wide batcher: one open batch at a time, any number in flight. */
export class IngestGroupCommit {
  private open: Batch | undefined;
  private readonly maxDelayMs: number;
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  private readonly waiterTimeoutMs: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  /** Flushes waiting for an in-flight slot, oldest first. */
  private readonly slotQueue: Array<() => void> = [];
  readonly stats: GroupCommitStats = { batches: 0, records: 0, failedBatches: 0 };
  /** What a caller gets at its deadline (one shared, immutable value). */
  private readonly expired: BatchResult;

  constructor(private readonly o: IngestGroupCommitOptions) {
    this.maxDelayMs = o.maxDelayMs ?? DEFAULT_GROUP_COMMIT_MS;
    this.maxRecords = o.maxRecords ?? DEFAULT_MAX_BATCH_RECORDS;
    this.maxBytes = o.maxBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.waiterTimeoutMs = o.waiterTimeoutMs ?? DEFAULT_WAITER_TIMEOUT_MS;
    this.maxInFlight = Math.max(1, o.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
    this.expired = err(`no acknowledgement within ${this.waiterTimeoutMs} ms`);
  }

  /**
   * Adds one serialized record to the open batch and waits for that batch's acknowledgement.
   * @param line the record's JSON, without the newline
   * @param size its length in UTF-16 units (a cheap stand-in for bytes; see DEFAULT_MAX_BATCH_BYTES)
   * @param waitUntil the calling request's `waitUntil`: any timer or POST started on its behalf runs
   *   under it
   * @returns ok once the backend answered 2xx, or why the batch failed
   */
  async submit(line: string, size: number, waitUntil?: (p: Promise<unknown>) => void): Promise<BatchResult> {
    let batch = this.open;
    if (batch === undefined) {
      const fresh: Batch = { lines: [], bytes: 0, waiters: [], closed: false, flushing: false };
      this.open = batch = fresh;
      const timer = new Promise<void>((resolve) => setTimeout(resolve, this.maxDelayMs)).then(() => this.flush(fresh));
      // The timer is never cleared: a batch closed early by size is simply already flushing when it
      // fires (clearing a timer from another request is not something to rely on in workerd). It
      // resolves once the batch is answered, so the opening request's waitUntil covers the POST even
      // when the batch had to wait for a slot.
      waitUntil?.(timer);
    }
    // One promise per caller, settled by whichever comes first: the batch's outcome (resolved from
    // the flushing request) or the caller's own deadline. The deadline timer is set here, in the
    // caller's request, and cleared below in the same request: in workerd a timer belongs to the
    // request that set it (clearTimeout from another request finds nothing to clear), and a pending
    // timer is also what keeps this request's I/O context waiting for a promise that another
    // request settles. (It used to be a second promise raced against this one, in its own async
    // function: three promises and a race per request for the same guarantee.)
    let deadline: ReturnType<typeof setTimeout> | null = null;
    const acked = new Promise<BatchResult>((resolve) => {
      batch.waiters.push(resolve);
      deadline = setTimeout(() => resolve(this.expired), this.waiterTimeoutMs);
    });
    // Each line carries its newline, so the batch body is one join (DESIGN 3.2: `\n`-terminated).
    batch.lines.push(`${line}\n`);
    batch.bytes += size;
    if (batch.lines.length >= this.maxRecords || batch.bytes >= this.maxBytes) {
      // Full: later records open a new batch; this one goes as soon as a slot is free.
      batch.closed = true;
      if (this.open === batch) this.open = undefined;
      waitUntil?.(this.flush(batch));
    }
    try {
      return await acked;
    } finally {
      clearTimeout(deadline);
    }
  }

  /**
   * Waits for an in-flight slot (the batch keeps gathering meanwhile), then closes and posts it; every
   * waiter learns the outcome. Idempotent, never rejects.
   */
  private async flush(batch: Batch): Promise<void> {
    if (batch.flushing) return;
    batch.flushing = true;
    if (this.inFlight >= this.maxInFlight) await new Promise<void>((resolve) => this.slotQueue.push(resolve));
    this.inFlight += 1;
    batch.closed = true;
    if (this.open === batch) this.open = undefined;
    try {
      await this.post(batch);
    } finally {
      this.inFlight -= 1;
      this.slotQueue.shift()?.();
    }
  }

  private async post(batch: Batch): Promise<void> {
    let result: BatchResult;
    try {
      const body = gzipLines(batch.lines);
      const sent = await this.o.backend.ingest(body);
      result = sent.ok ? ok(undefined) : err(describe(sent.error));
    } catch (e) {
      result = err(message(e));
    }
    this.stats.batches += 1;
    this.stats.records += batch.lines.length;
    if (!result.ok) {
      this.stats.failedBatches += 1;
      this.o.logger.warn("ingest batch failed, its requests answer 503", {
        events: batch.lines.length,
        error: result.error,
      });
    }
    for (const settle of batch.waiters) settle(result);
  }
}

/** Per-request facade over the isolate's {@link IngestGroupCommit}. */
export class GroupCommitHttpForwarder implements EventForwarder {
  /**
   * @param batcher the isolate's batcher
   * @param waitUntil the request's `waitUntil` (so the batch survives a client that disconnects)
   */
  constructor(
    private readonly batcher: IngestGroupCommit,
    private readonly waitUntil?: (p: Promise<unknown>) => void,
  ) {}

  async forward(record: IngestRecord): Promise<Result<ForwardReceipt, ForwardError>> {
    let json: string;
    try {
      json = JSON.stringify(record);
    } catch (e) {
      // Only a pathological payload (nesting deeper than the serializer's stack) gets here.
      return err({ code: "serialize", detail: message(e) });
    }
    // No UTF-8 encoding per record just to count it: the batch is encoded once, when it is gzipped.
    const acked = await this.batcher.submit(json, json.length, this.waitUntil);
    // The interface's "queue" code is the one that maps to 503 ("event could not be queued").
    return acked.ok
      ? ok({ via: "inline", bytes: json.length })
      : err({ code: "queue", detail: `ingest: ${acked.error}` });
  }
}
