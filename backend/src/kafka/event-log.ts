/**
 * @module
 * `EventLog: kafka` (DESIGN 1, 2): `/internal/ingest` appends each record to the `events` topic,
 * keyed by project id, and answers only after every in-sync replica has it (`acks = -1`, idempotent
 * producer). The consumer group (`./consumer.ts`) turns the log into stored events and issues.
 *
 * Group commit (DESIGN 5): requests arriving while a send is in flight, or within `lingerMs` of the
 * first one, share the next `sendBatch`; each is answered when the send that carried it is acked.
 * One send is in flight at a time: kafkajs' idempotent producer keeps per-partition sequence numbers
 * that concurrent sends can get out of order.
 */
import type { IngestRecord } from "@breakwater/core/schema";
import { type Admin, CompressionTypes, type Kafka, type Message, Partitioners, type Producer } from "kafkajs";
import type { Logger } from "../logger.ts";
import { dedupeWithinBatch } from "../pipeline/dedupe.ts";
import type { EventLog, EventLogResult } from "../pipeline/index.ts";

/**
 * Largest bytes per partition in one produce request. The broker refuses record batches over
 * `message.max.bytes` (1 MiB by default) and kafkajs writes one batch per partition per request.
 */
export const MAX_PARTITION_BATCH_BYTES = 900 * 1024;

/** Bounded retries of a send (kafkajs' default for idempotent producers is forever). */
export const PRODUCER_RETRY = { retries: 4, initialRetryTime: 100, maxRetryTime: 1_500 } as const;

/**
 * Connection retries of the ingest producer's client, nested in each send retry: with
 * `PRODUCER_RETRY`, a request fails (503) about 10 s after the brokers became unreachable.
 */
export const INGEST_CONNECTION_RETRY = { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 } as const;

/** Options of `KafkaEventLog.open`. */
export interface KafkaEventLogOptions {
  kafka: Kafka;
  topic: string;
  /** Group commit window, ms (default 5). */
  lingerMs?: number;
  logger: Logger;
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

interface Group {
  /** Messages by partition, in arrival order. */
  byPartition: Map<number, Message[]>;
  waiters: Waiter[];
}

/** The Kafka EventLog: an idempotent producer with group commit. */
export class KafkaEventLog implements EventLog {
  private next: Group | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly topic: string,
    private readonly partitions: number,
    private readonly lingerMs: number,
    private readonly logger: Logger,
  ) {}

  /** Connects the producer and reads the topic's partition count (the topic must exist). */
  static async open(o: KafkaEventLogOptions): Promise<KafkaEventLog> {
    const producer = o.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // kafkajs retries an idempotent producer forever by default; an ingest request must fail
      // instead (503, the edge retries and the consumer drops what got through twice).
      retry: PRODUCER_RETRY,
    });
    const admin = o.kafka.admin();
    try {
      await Promise.all([producer.connect(), admin.connect()]);
      const meta = await admin.fetchTopicMetadata({ topics: [o.topic] });
      const partitions = meta.topics[0]?.partitions.length ?? 0;
      if (partitions === 0) throw new Error(`Kafka topic ${o.topic} has no partitions`);
      return new KafkaEventLog(producer, admin, o.topic, partitions, o.lingerMs ?? 5, o.logger);
    } catch (e) {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      throw e;
    }
  }

  /**
   * Appends the batch (duplicates within it dropped) and resolves after the broker acked it.
   * `accepted` counts records written to the log; replays of stored events are dropped later by the
   * consumer, so they count as accepted here.
   */
  async process(records: readonly IngestRecord[]): Promise<EventLogResult> {
    const { unique, duplicates } = dedupeWithinBatch(records);
    if (unique.length > 0) await this.append(unique);
    return { accepted: unique.length, duplicates };
  }

  /** Appends records as they are, one message each (key = project id), and waits for the ack. */
  append(records: readonly IngestRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("event log closed"));
    const group = this.openGroup();
    for (const record of records) {
      const key = String(record.project_id);
      const partition = partitionOf(key, this.partitions);
      const list = group.byPartition.get(partition) ?? [];
      list.push({ key, value: JSON.stringify(record), partition });
      group.byPartition.set(partition, list);
    }
    return new Promise<void>((resolve, reject) => group.waiters.push({ resolve, reject }));
  }

  /** Broker reachable and the topic known. */
  async ping(): Promise<void> {
    await this.admin.fetchTopicMetadata({ topics: [this.topic] });
  }

  /** Sends what is pending, then disconnects. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.startSend();
    // Each send's `finally` starts the next group's before this await resumes.
    while (this.sending) await this.sending;
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  private openGroup(): Group {
    if (!this.next) {
      this.next = { byPartition: new Map(), waiters: [] };
      // While a send is in flight the group waits for it anyway; otherwise linger a little.
      if (!this.sending) this.flushSoon(this.lingerMs);
    }
    return this.next;
  }

  private flushSoon(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.startSend();
    }, ms);
  }

  private startSend(): void {
    if (this.sending || !this.next) return;
    const group = this.next;
    this.next = null;
    this.sending = this.send(group).finally(() => {
      this.sending = null;
      if (this.next) this.startSend();
    });
  }

  private async send(group: Group): Promise<void> {
    try {
      for (const chunk of produceRequests(group.byPartition)) {
        await this.producer.sendBatch({
          acks: -1,
          // A single message too large for one record batch travels alone, gzip-compressed.
          ...(chunk.oversized ? { compression: CompressionTypes.GZIP } : {}),
          topicMessages: [{ topic: this.topic, messages: chunk.messages }],
        });
      }
      for (const w of group.waiters) w.resolve();
    } catch (e) {
      this.logger.error({ err: e, requests: group.waiters.length }, "kafka: send failed");
      for (const w of group.waiters) w.reject(e);
    }
  }
}

/** One produce request. */
export interface ProduceRequest {
  messages: Message[];
  /** A lone message over the per-partition limit: send it gzip-compressed. */
  oversized: boolean;
}

/** Splits a group into produce requests of at most `MAX_PARTITION_BATCH_BYTES` per partition. */
export function* produceRequests(byPartition: Map<number, Message[]>): Generator<ProduceRequest> {
  const cursors = [...byPartition.values()].map((messages) => ({ messages, at: 0 }));
  for (;;) {
    const messages: Message[] = [];
    for (const cursor of cursors) {
      let bytes = 0;
      while (cursor.at < cursor.messages.length) {
        const message = cursor.messages[cursor.at] as Message;
        const size = Buffer.byteLength(message.value as string);
        if (size > MAX_PARTITION_BATCH_BYTES) {
          if (bytes === 0 && messages.length === 0) {
            cursor.at += 1;
            yield { messages: [message], oversized: true };
          }
          break;
        }
        if (bytes + size > MAX_PARTITION_BATCH_BYTES) break;
        bytes += size;
        messages.push(message);
        cursor.at += 1;
      }
    }
    if (messages.length > 0) yield { messages, oversized: false };
    else if (cursors.every((c) => c.at >= c.messages.length)) return;
  }
}

/** kafkajs' default partitioner for a key (murmur2, as Java clients), for `partitions` partitions. */
export function partitionOf(key: string, partitions: number): number {
  const partitioner = DEFAULT_PARTITIONER;
  return partitioner({
    topic: "",
    partitionMetadata: Array.from({ length: partitions }, (_, i) => ({
      partitionId: i,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    })),
    message: { key, value: null },
  });
}

const DEFAULT_PARTITIONER = Partitioners.DefaultPartitioner();
