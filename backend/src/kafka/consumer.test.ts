/**
 * The Kafka EventLog end to end, against a real broker (`KAFKA_BROKERS`, e.g.
 * `scripts/services/kafka.sh start`); the stores follow the other variables (embedded when unset).
 * Each test uses its own topics and consumer groups under the harness's namespace.
 */
import { randomBytes } from "node:crypto";
import type { IngestRecord } from "@breakwater/core/schema";
import { eq } from "drizzle-orm";
import { type Admin, Kafka, type KafkaMessage, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { issues } from "../db/schema/index.ts";
import { silentLogger } from "../logger.ts";
import type { PipelineDeps } from "../pipeline/index.ts";
import { createHarness, type Harness, signedHeaders } from "../testutil/harness.ts";
import { errorRecord, messageRecord, ndjson, newEventId } from "../testutil/records.ts";
import { createKafka } from "./client.ts";
import { EventConsumer, type EventConsumerOptions, type FlushReport, flushKey } from "./consumer.ts";
import { DLQ_HEADERS, headerText } from "./dlq.ts";
import { KafkaEventLog, partitionOf } from "./event-log.ts";

const BROKERS = (process.env.KAFKA_BROKERS ?? "").split(",").filter(Boolean);

describe.skipIf(BROKERS.length === 0)("Kafka EventLog and consumer", () => {
  let h: Harness;
  let kafka: Kafka;
  let admin: Admin;
  const topics: string[] = [];
  const running: EventConsumer[] = [];
  const logs: KafkaEventLog[] = [];
  const logger = silentLogger();

  beforeAll(async () => {
    h = await createHarness();
    kafka = new Kafka({ clientId: "bw-kafka-test", brokers: BROKERS, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.allSettled(running.map((c) => c.stop()));
    await Promise.allSettled(logs.map((l) => l.close()));
    if (topics.length > 0) await admin?.deleteTopics({ topics }).catch(() => undefined);
    await admin?.disconnect();
    await h?.close();
  });

  const deps = (): PipelineDeps => ({ db: h.services.db, events: h.services.events });

  /** A fresh topic pair (events + DLQ) and group name for one test. */
  async function freshTopics(partitions = 4): Promise<{ topic: string; dlqTopic: string; groupId: string }> {
    const base = `${h.namespace?.name ?? "bw"}.${randomBytes(3).toString("hex")}`;
    const topic = `${base}.events`;
    const dlqTopic = `${base}.dlq`;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: partitions, replicationFactor: 1 },
        { topic: dlqTopic, numPartitions: 1, replicationFactor: 1 },
      ],
    });
    topics.push(topic, dlqTopic);
    return { topic, dlqTopic, groupId: `${base}.group` };
  }

  async function startConsumer(
    o: Pick<EventConsumerOptions, "topic" | "dlqTopic" | "groupId"> & Partial<EventConsumerOptions>,
  ): Promise<EventConsumer> {
    const consumer = new EventConsumer({
      kafka: createKafka({ brokers: BROKERS, clientId: "bw-kafka-test-consumer" }, logger),
      batchMs: 50,
      stores: deps(),
      storesHealthy: async () => true,
      logger,
      retryDelayMs: 100,
      ...o,
    });
    await consumer.start();
    running.push(consumer);
    return consumer;
  }

  async function openLog(topic: string): Promise<KafkaEventLog> {
    const log = await KafkaEventLog.open({
      kafka: createKafka({ brokers: BROKERS, clientId: "bw-kafka-test" }, logger),
      topic,
      logger,
    });
    logs.push(log);
    return log;
  }

  /** Resolves once `n` flush reports together cover `keys` (in any batches). */
  function flushed(keys: readonly string[]): {
    reports: FlushReport[];
    onFlush: (r: FlushReport) => void;
    done: Promise<void>;
  } {
    const want = new Set(keys);
    const reports: FlushReport[] = [];
    let resolve = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    return {
      reports,
      done,
      onFlush: (r) => {
        reports.push(r);
        for (const rec of r.records) if (rec.key) want.delete(rec.key);
        if (want.size === 0) resolve();
      },
    };
  }

  const keyOf = (r: IngestRecord) => flushKey(r);

  async function committed(groupId: string, topic: string): Promise<Map<number, string>> {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
  }

  async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
    const reader = kafka.consumer({ groupId: `${topic}.reader.${randomBytes(3).toString("hex")}` });
    const messages: KafkaMessage[] = [];
    await reader.connect();
    await reader.subscribe({ topics: [topic], fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void reader.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (messages.length >= count) resolve();
        },
      });
    });
    await Promise.race([done, new Promise((r) => setTimeout(r, 15_000))]);
    await reader.disconnect();
    return messages;
  }

  async function issueByTitle(title: string) {
    return (await h.services.db.select().from(issues).where(eq(issues.title, title)))[0];
  }

  async function storedCount(eventIds: readonly string[]): Promise<number> {
    const list = eventIds.map((id) => `'${id}'`).join(", ");
    const [row] = (await h.services.events.query(
      `SELECT count() AS n FROM events WHERE deleted = 0 AND project_id = 1 AND event_id IN (${list})`,
    )) as { n: number }[];
    return Number(row?.n);
  }

  it("ingest produces to the log keyed by project and answers after the ack; the consumer stores it", async () => {
    const { topic, dlqTopic, groupId } = await freshTopics();
    const log = await openLog(topic);
    const app = createApp({ ...h.services, pipeline: log });
    const records = [errorRecord({ type: "KafkaFlow", value: "v" }), errorRecord({ type: "KafkaFlow", value: "v" })];
    const watch = flushed(records.map(keyOf));
    // The consumer runs with the production defaults (1 s batches) so the latency is realistic.
    await startConsumer({ topic, dlqTopic, groupId, batchMs: 1_000, onFlush: watch.onFlush });

    const body = ndjson(records);
    const started = performance.now();
    const res = await app.request("/internal/ingest", { method: "POST", body, headers: signedHeaders(body) });
    const ackMs = performance.now() - started;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
    // Acked by the broker: both messages are in the log, on the partition of project 1's key.
    const offsets = await admin.fetchTopicOffsets(topic);
    const expected = partitionOf("1", offsets.length);
    for (const p of offsets) expect(p.high).toBe(p.partition === expected ? "2" : "0");

    let issue: Awaited<ReturnType<typeof issueByTitle>>;
    for (;;) {
      issue = await issueByTitle("KafkaFlow: v");
      if (issue?.timesSeen === 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const visibleMs = performance.now() - started;
    console.log(
      `kafka: ingest acked in ${ackMs.toFixed(0)} ms; queryable after ${visibleMs.toFixed(0)} ms (consumer batches of 1 s)`,
    );
    await watch.done;
    expect(await storedCount(records.map((r) => r.event.event_id))).toBe(2);
    expect(await committed(groupId, topic)).toEqual(
      new Map(offsets.map((p) => [p.partition, p.partition === expected ? "2" : "-1"])),
    );
  });

  it("dead-letters invalid messages with the error and keeps consuming the partition", async () => {
    const { topic, dlqTopic, groupId } = await freshTopics(1);
    const good = [errorRecord({ type: "AroundPoison", value: "a" }), errorRecord({ type: "AroundPoison", value: "a" })];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: "1", value: JSON.stringify(good[0]) },
        { key: "1", value: "not json" },
        { key: "1", value: JSON.stringify({ project_id: 1 }) },
        { key: "1", value: JSON.stringify(good[1]) },
      ],
    });
    await producer.disconnect();
    const watch = flushed(good.map(keyOf));
    await startConsumer({ topic, dlqTopic, groupId, onFlush: watch.onFlush });
    await watch.done;

    expect((await issueByTitle("AroundPoison: a"))?.timesSeen).toBe(2);
    expect(await committed(groupId, topic)).toEqual(new Map([[0, "4"]]));
    const dead = await readAll(dlqTopic, 2);
    expect(dead.map((m) => m.value?.toString())).toEqual(["not json", '{"project_id":1}']);
    expect(dead.map((m) => headerText(m.headers, DLQ_HEADERS.offset))).toEqual(["1", "2"]);
    for (const m of dead) {
      expect(m.key?.toString()).toBe("1");
      expect(headerText(m.headers, DLQ_HEADERS.kind)).toBe("invalid_record");
      expect(headerText(m.headers, DLQ_HEADERS.topic)).toBe(topic);
      expect(headerText(m.headers, DLQ_HEADERS.error)).toMatch(/not valid JSON|invalid ingest record/);
    }
  });

  it("isolates a record the pipeline rejects (its project is gone) and stores the rest of its batch", async () => {
    const { topic, dlqTopic, groupId } = await freshTopics(1);
    const log = await openLog(topic);
    const ok = Array.from({ length: 6 }, () => errorRecord({ type: "NearNul", value: "n" }));
    // An event for a project deleted after the edge accepted it: the issue's foreign key refuses it.
    const poison = { ...messageRecord("for a deleted project"), project_id: 987_654 };
    const batch = [...ok.slice(0, 3), poison, ...ok.slice(3)];
    await log.append(batch);
    const watch = flushed(batch.map(keyOf));
    // A foreign-key violation (SQLSTATE 23503) is a data error, not a store failure.
    await startConsumer({ topic, dlqTopic, groupId, batchMs: 200, onFlush: watch.onFlush });
    await watch.done;

    const outcomes = new Map(watch.reports.flatMap((r) => r.records.map((x) => [x.key, x.outcome] as const)));
    expect(outcomes.get(keyOf(poison))).toBe("dead_lettered");
    expect(ok.every((r) => outcomes.get(keyOf(r)) === "stored")).toBe(true);
    expect((await issueByTitle("NearNul: n"))?.timesSeen).toBe(6);
    expect(await committed(groupId, topic)).toEqual(new Map([[0, "7"]]));
    const [dead] = await readAll(dlqTopic, 1);
    expect(headerText(dead?.headers, DLQ_HEADERS.kind)).toBe("pipeline_error");
    expect(headerText(dead?.headers, DLQ_HEADERS.offset)).toBe("3");
    expect(JSON.parse(dead?.value?.toString() ?? "{}").event.event_id).toBe(poison.event.event_id);
  });

  it("replaying the topic from the start (another group) stores nothing twice and leaves times_seen alone", async () => {
    const { topic, dlqTopic, groupId } = await freshTopics();
    const log = await openLog(topic);
    const records = Array.from({ length: 20 }, (_, i) =>
      errorRecord({ type: "Replayed", value: `r${i % 2}`, functions: [`replay${i % 2}`] }),
    );
    await log.append(records);
    const first = flushed(records.map(keyOf));
    await startConsumer({ topic, dlqTopic, groupId, onFlush: first.onFlush });
    await first.done;
    const before = [(await issueByTitle("Replayed: r0"))?.timesSeen, (await issueByTitle("Replayed: r1"))?.timesSeen];
    expect(before).toEqual([10, 10]);

    const replay = flushed(records.map(keyOf));
    await startConsumer({ topic, dlqTopic, groupId: `${groupId}.replay`, onFlush: replay.onFlush });
    await replay.done;
    const outcomes = replay.reports.flatMap((r) => r.records.map((x) => x.outcome));
    expect(outcomes).toEqual(records.map(() => "duplicate"));
    expect([(await issueByTitle("Replayed: r0"))?.timesSeen, (await issueByTitle("Replayed: r1"))?.timesSeen]).toEqual(
      before,
    );
    expect(await storedCount(records.map((r) => r.event.event_id))).toBe(20);
  });

  it("commits offsets only after both stores took the batch; store outages retry, never dead-letter", async () => {
    const { topic, dlqTopic, groupId } = await freshTopics(1);
    const log = await openLog(topic);
    let down = true;
    const real = deps();
    let attempts = 0;
    const flaky: PipelineDeps = {
      db: real.db,
      events: {
        query: (sql: string, schema?: never) => (schema ? real.events.query(sql, schema) : real.events.query(sql)),
        exec: (sql) => real.events.exec(sql),
        insertJsonEachRow: async (table, rows) => {
          if (down) {
            attempts += 1;
            throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8123"), { code: "ECONNREFUSED" });
          }
          await real.events.insertJsonEachRow(table, rows);
        },
      } as PipelineDeps["events"],
    };
    const records = [errorRecord({ type: "Outage", value: "o" }), errorRecord({ type: "Outage", value: "o" })];
    await log.append(records);
    const watch = flushed(records.map(keyOf));
    await startConsumer({ topic, dlqTopic, groupId, stores: flaky, onFlush: watch.onFlush });

    for (const deadline = Date.now() + 10_000; attempts < 3 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(await committed(groupId, topic)).toEqual(new Map([[0, "-1"]]));
    expect(await issueByTitle("Outage: o")).toBeUndefined();

    down = false;
    await watch.done;
    expect((await issueByTitle("Outage: o"))?.timesSeen).toBe(2);
    expect(await committed(groupId, topic)).toEqual(new Map([[0, "2"]]));
    expect((await admin.fetchTopicOffsets(dlqTopic))[0]?.high).toBe("0");
  });

  it("stores a record that follows a quiet period at once, and keeps flushes batchMs apart", async () => {
    const { topic, dlqTopic, groupId } = await freshTopics(1);
    const log = await openLog(topic);
    const batchMs = 2_500;
    const first = [errorRecord({ type: "Quiet", value: "first", eventId: newEventId() })];
    const second = [errorRecord({ type: "Quiet", value: "second", eventId: newEventId() })];
    const at: number[] = [];
    const watch = flushed([...first, ...second].map(keyOf));
    const consumer = await startConsumer({
      topic,
      dlqTopic,
      groupId,
      batchMs,
      onFlush: (r) => {
        at.push(performance.now());
        watch.onFlush(r);
      },
    });
    for (const deadline = Date.now() + 10_000; !consumer.ready && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    // Longer than the window since start-up: the next record must not wait for another window.
    await new Promise((r) => setTimeout(r, batchMs + 200));
    const sent = performance.now();
    await log.append(first);
    await new Promise((r) => setTimeout(r, 100));
    await log.append(second);
    await watch.done;
    expect(at).toHaveLength(2);
    // The first record: fetched and stored well inside one window (it used to wait a whole one).
    expect((at[0] as number) - sent).toBeLessThan(batchMs - 1_000);
    // The second arrived right after a flush: it waits for the window, so inserts stay paced.
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThan(batchMs - 600);
  });

  it("on stop finishes the pending batch, commits it and leaves the group", async () => {
    const { topic, dlqTopic, groupId } = await freshTopics(1);
    const log = await openLog(topic);
    const records = [errorRecord({ type: "Graceful", value: "g" })];
    await log.append(records);
    // A batch window far longer than the test: only stop() can flush it.
    const consumer = await startConsumer({ topic, dlqTopic, groupId, batchMs: 600_000 });
    for (const deadline = Date.now() + 10_000; !consumer.ready && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await issueByTitle("Graceful: g")).toBeUndefined();
    await consumer.stop();
    expect((await issueByTitle("Graceful: g"))?.timesSeen).toBe(1);
    expect(await committed(groupId, topic)).toEqual(new Map([[0, "1"]]));
  });

  it("stores a 10,000-record batch (figures reported in the log)", { timeout: 180_000 }, async () => {
    const { topic, dlqTopic, groupId } = await freshTopics();
    const log = await openLog(topic);
    const records = Array.from({ length: 10_000 }, (_, i) =>
      errorRecord({ type: `Bulk${i % 100}`, value: "bulk", functions: [`bulk${i % 100}`], eventId: newEventId() }),
    );
    const bytes = records.reduce((n, r) => n + JSON.stringify(r).length, 0);
    const produceStarted = performance.now();
    // Concurrent requests of 100 records, as the edge's queue consumer sends them.
    await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(records.slice(i * 100, i * 100 + 100))));
    const produceMs = performance.now() - produceStarted;

    const watch = flushed(records.map(keyOf));
    const started = performance.now();
    await startConsumer({ topic, dlqTopic, groupId, batchMs: 1_000, onFlush: watch.onFlush });
    await watch.done;
    const ms = performance.now() - started;
    const stored = watch.reports.flatMap((r) => r.records).filter((r) => r.outcome === "stored").length;
    expect(stored).toBe(10_000);
    const batches = watch.reports.map((r) => `${r.records.length} in ${r.ms} ms`);
    console.log(
      `kafka: produced 10,000 records (${(bytes / 1e6).toFixed(1)} MB) in ${produceMs.toFixed(0)} ms ` +
        `(${Math.round(10_000 / (produceMs / 1000))}/s); consumer stored them in ${ms.toFixed(0)} ms including the ` +
        `group join (${Math.round(10_000 / (ms / 1000))}/s); batches: ${batches.join(", ")}`,
    );
  });
});
