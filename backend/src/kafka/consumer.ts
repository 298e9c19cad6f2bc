/**
 * @module
 * The consumer of the `events` topic (DESIGN 1, cluster mode): a member of a consumer group that
 * gathers records into batches (`batchSize` records, or flushed at most once per `batchMs`), runs the
 * pipeline on them (dedupe → group → upsert issues in Postgres → insert events in ClickHouse), and
 * only then commits the batch's offsets. At-least-once, made harmless by the pipeline's dedupe by
 * event id: a replay after a crash or a rebalance stores nothing twice and counts nothing twice.
 *
 * Failures:
 * - a message that is not a valid `IngestRecord` goes to the dead-letter topic at once;
 * - a batch that fails with a data error (`./classify.ts`) is split in halves until the failing
 *   records are alone; those go to the dead-letter topic with the error, the rest is stored;
 * - a transient failure (stores down, timeouts) retries the same batch with backoff, forever: the
 *   records stay in Kafka, nothing is dead-lettered, nothing is committed.
 * Dead letters are acknowledged by the broker before the offsets that cover them are committed, so
 * no record is lost and none blocks its partition.
 */
import { type IngestRecord, recordKey } from "@breakwater/core/schema";
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from "kafkajs";
import { checkIngestRecord } from "../ingest/decode.ts";
import type { Logger } from "../logger.ts";
import { type PipelineDeps, runBatch } from "../pipeline/index.ts";
import { classifyFailure } from "./classify.ts";
import { type DeadLetter, deadLetterMessage } from "./dlq.ts";
import { PRODUCER_RETRY } from "./event-log.ts";

/** What happened to one consumed record. */
export type RecordOutcome = "stored" | "duplicate" | "dead_lettered";

/** One flushed batch, for observers (tests, metrics). */
export interface FlushReport {
  /** Per record, in consumption order; `key` is `flushKey` of a valid record, else null. */
  records: { key: string | null; outcome: RecordOutcome }[];
  /** Highest committed offset + 1, by `topic:partition`. */
  committed: Map<string, string>;
  ms: number;
}

/** Options of `EventConsumer`. */
export interface EventConsumerOptions {
  kafka: Kafka;
  topic: string;
  dlqTopic: string;
  groupId: string;
  /** Records per pipeline batch, at most (default 10,000). */
  batchSize?: number;
  /**
   * Least time between two flushes, ms (default 1,000; DESIGN 4: ClickHouse inserts ≥ 1,000 rows or
   * ≥ 1 s apart), so also the longest a record waits. A record that arrives when the last flush is
   * older than this is flushed at once: the window paces inserts, it does not delay a quiet stream
   * (at rest that took ~1 s off SDK→queryable in cluster mode).
   */
  batchMs?: number;
  stores: PipelineDeps;
  /** Liveness of both stores: a failure while they are down is never a data error. */
  storesHealthy: () => Promise<boolean>;
  logger: Logger;
  /** Called after each batch is committed. */
  onFlush?: (report: FlushReport) => void;
  /** Called when the member stopped for good (kafkajs will not restart it). */
  onFatal?: (error: Error) => void;
  /** First retry delay after a transient failure, ms (default 500; doubles up to 10 s). */
  retryDelayMs?: number;
}

interface Pending {
  topic: string;
  partition: number;
  message: KafkaMessage;
  /** Parsed record, or why it is not one. */
  parsed: { ok: true; record: IngestRecord } | { ok: false; error: string };
}

/** The consumer-group member. `start()` joins and consumes; `stop()` drains, commits and leaves. */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly dlq: Producer;
  private readonly batchSize: number;
  private readonly batchMs: number;
  private pending: Pending[] = [];
  private pendingSince = 0;
  /** Serializes flushes: one batch through the pipeline at a time. */
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: (() => Promise<void>) | null = null;
  private stopping = false;
  private joined = false;
  /** When the last non-empty flush started; the first batch after start-up still gathers `batchMs`. */
  private lastFlushAt = Date.now();
  /** The running eachBatch call, if any. */
  private inBatch: Promise<void> | null = null;

  constructor(private readonly o: EventConsumerOptions) {
    this.batchSize = o.batchSize ?? 10_000;
    this.batchMs = o.batchMs ?? 1_000;
    this.consumer = o.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // Big fetches, so a 10,000-record batch takes a few round trips, not hundreds.
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      maxWaitTimeInMs: Math.min(this.batchMs, 500),
      allowAutoTopicCreation: false,
    });
    this.dlq = o.kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: PRODUCER_RETRY });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.joined = false;
      // kafkajs restarts the member after retriable failures (brokers gone for a while); when it
      // gives up, this member consumes nothing any more: let the process supervisor restart it.
      if (!payload.restart && !this.stopping) {
        this.o.logger.error({ err: payload.error }, "consumer: kafkajs gave up");
        this.o.onFatal?.(payload.error);
      }
    });
  }

  /** True once the member joined its group (readiness). */
  get ready(): boolean {
    return this.joined && !this.stopping;
  }

  /** Connects, subscribes (a new group starts at the earliest offset) and starts consuming. */
  async start(): Promise<void> {
    await Promise.all([this.consumer.connect(), this.dlq.connect()]);
    await this.consumer.subscribe({ topics: [this.o.topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => {
        const run = this.eachBatch(payload);
        this.inBatch = run.finally(() => {
          this.inBatch = null;
        });
        return run;
      },
    });
  }

  /**
   * Graceful stop: no new records, the current batch finishes and is committed, the member leaves
   * the group (its partitions move to the others at once), the DLQ producer disconnects.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.consumer.pause([{ topic: this.o.topic }]);
    // A running eachBatch stops adding (it sees `stopping`) and flushes what it added. Commits must
    // happen before disconnect(): kafkajs silently skips commits once its runner has stopped.
    await this.inBatch?.catch(() => undefined);
    await this.flush();
    await this.consumer.disconnect();
    await this.dlq.disconnect();
  }

  private async eachBatch(p: EachBatchPayload): Promise<void> {
    this.heartbeat = p.heartbeat;
    const { topic, partition } = p.batch;
    let added = 0;
    for (const message of p.batch.messages) {
      if (this.stopping || !p.isRunning() || p.isStale()) break;
      if (this.pending.length === 0) this.startWindow();
      this.pending.push({ topic, partition, message, parsed: parseRecord(message) });
      // Resolving moves the fetch position only; offsets are committed by flush() after the write.
      p.resolveOffset(message.offset);
      added += 1;
      if (this.pending.length >= this.batchSize) await this.flush();
      if (added % 1000 === 0) await p.heartbeat();
    }
    if (this.stopping || Date.now() >= this.lastFlushAt + this.batchMs) await this.flush();
  }

  /** The first record of a batch arrived: flush it `batchMs` after the last flush began, or now. */
  private startWindow(): void {
    this.pendingSince = Date.now();
    if (this.timer) clearTimeout(this.timer);
    const since = this.pendingSince;
    const wait = Math.max(0, this.lastFlushAt + this.batchMs - since);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Still the same batch (not flushed by size meanwhile)?
      if (!this.stopping && this.pending.length > 0 && this.pendingSince === since) void this.flush();
    }, wait);
  }

  /** Runs the pending records through the pipeline, dead-letters poison, commits. Serialized. */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.flushPending());
    this.flushing = run.catch((err) => this.o.logger.error({ err }, "consumer: flush failed"));
    return this.flushing;
  }

  private async flushPending(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.lastFlushAt = Date.now();
    try {
      await this.flushBatch(batch);
    } catch (e) {
      // Not committed (stopping during an outage, or a bug): keep the records for the next flush;
      // after a restart or rebalance Kafka replays them from the last commit.
      this.pending = batch.concat(this.pending);
      if (!this.stopping) this.startWindow();
      if (!(e instanceof StoppingError)) throw e;
      this.o.logger.warn(
        { records: batch.length },
        "consumer: stopped before the batch was stored; it will be replayed",
      );
    }
  }

  private async flushBatch(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const outcomes = new Map<Pending, RecordOutcome>();
    const dead: DeadLetter[] = [];
    const valid: Pending[] = [];
    for (const item of batch) {
      if (item.parsed.ok) valid.push(item);
      else dead.push(this.deadLetter(item, "invalid_record", item.parsed.error));
    }
    await this.store(valid, outcomes, dead);
    if (dead.length > 0) await this.sendDeadLetters(dead);
    const committed = await this.commit(batch);
    const ms = Math.round(performance.now() - started);
    const count = (o: RecordOutcome) => batch.filter((b) => (outcomes.get(b) ?? "dead_lettered") === o).length;
    this.o.logger.info(
      { records: batch.length, stored: count("stored"), duplicates: count("duplicate"), deadLettered: dead.length, ms },
      "consumer: batch committed",
    );
    this.o.onFlush?.({
      records: batch.map((b) => ({
        key: b.parsed.ok ? flushKey(b.parsed.record) : null,
        outcome: outcomes.get(b) ?? "dead_lettered",
      })),
      committed,
      ms,
    });
  }

  /**
   * Stores `items`; on a data error bisects until the failing records are alone and dead-letters
   * them; on a transient error retries the same items until they are stored.
   */
  private async store(items: Pending[], outcomes: Map<Pending, RecordOutcome>, dead: DeadLetter[]): Promise<void> {
    if (items.length === 0) return;
    let delay = this.o.retryDelayMs ?? 500;
    for (;;) {
      try {
        const records = items.map((i) => (i.parsed as { record: IngestRecord }).record);
        const { stored } = await runBatch(this.o.stores, records);
        items.forEach((item, i) => {
          outcomes.set(item, stored.has(records[i] as IngestRecord) ? "stored" : "duplicate");
        });
        return;
      } catch (e) {
        const kind = classifyFailure(e);
        if (kind === "data" && (await this.o.storesHealthy())) {
          if (items.length === 1) {
            const item = items[0] as Pending;
            this.o.logger.warn({ err: e, offset: item.message.offset }, "consumer: record dead-lettered");
            dead.push(this.deadLetter(item, "pipeline_error", errorText(e)));
            return;
          }
          const half = Math.ceil(items.length / 2);
          await this.store(items.slice(0, half), outcomes, dead);
          await this.store(items.slice(half), outcomes, dead);
          return;
        }
        if (this.stopping) throw new StoppingError();
        this.o.logger.warn({ err: e, records: items.length, retryInMs: delay }, "consumer: stores failed, retrying");
        await this.pause(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  private async sendDeadLetters(dead: readonly DeadLetter[]): Promise<void> {
    let delay = this.o.retryDelayMs ?? 500;
    for (;;) {
      try {
        await this.dlq.send({ topic: this.o.dlqTopic, acks: -1, messages: dead.map((d) => deadLetterMessage(d)) });
        return;
      } catch (err) {
        // Without the dead letters acked the offsets must not move: retry, as for the stores.
        if (this.stopping) throw new StoppingError();
        this.o.logger.warn({ err, retryInMs: delay }, "consumer: dead-letter send failed, retrying");
        await this.pause(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  /** Commits the highest offset + 1 of each partition in `batch`. */
  private async commit(batch: readonly Pending[]): Promise<Map<string, string>> {
    const next = new Map<string, { topic: string; partition: number; offset: bigint }>();
    for (const b of batch) {
      const key = `${b.topic}:${b.partition}`;
      const offset = BigInt(b.message.offset) + 1n;
      const seen = next.get(key);
      if (!seen || seen.offset < offset) next.set(key, { topic: b.topic, partition: b.partition, offset });
    }
    const offsets = [...next.values()].map((o) => ({
      topic: o.topic,
      partition: o.partition,
      offset: String(o.offset),
    }));
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (err) {
      // A rebalance took the partition away: the new owner replays from the last commit, and the
      // pipeline's dedupe makes that harmless.
      this.o.logger.warn({ err, offsets }, "consumer: commit failed (rebalance?); records will be replayed");
    }
    return new Map(offsets.map((o) => [`${o.topic}:${o.partition}`, o.offset]));
  }

  private deadLetter(item: Pending, kind: DeadLetter["kind"], error: string): DeadLetter {
    return {
      key: item.message.key,
      value: item.message.value,
      topic: item.topic,
      partition: item.partition,
      offset: item.message.offset,
      kind,
      error,
    };
  }

  /** Waits, keeping the group membership alive. */
  private async pause(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, Math.min(1_000, until - Date.now())));
      await this.heartbeat?.().catch(() => undefined);
    }
  }
}

/** Parses a message value into an `IngestRecord`, or says why it is not one. */
export function parseRecord(message: Pick<KafkaMessage, "value">): Pending["parsed"] {
  if (!message.value) return { ok: false, error: "empty message" };
  let json: unknown;
  const text = message.value.toString("utf8");
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  const checked = checkIngestRecord(json, text);
  if (!checked.ok) {
    const issues = checked.error.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
    return { ok: false, error: `invalid ingest record: ${issues.join("; ")}` };
  }
  return { ok: true, record: checked.value };
}

/** Thrown out of a retry loop when the consumer is asked to stop. */
class StoppingError extends Error {
  override readonly name = "StoppingError";
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * How flush reports name a record: its `recordKey`, or for session counts (which have no identity)
 * their project, release, environment and minute; several records may share that name.
 */
export function flushKey(record: IngestRecord): string {
  if (record.kind !== "session") return recordKey(record) ?? "";
  const { release, environment, started } = record.session;
  return `session:${record.project_id}:${release}:${environment}:${started}`;
}
