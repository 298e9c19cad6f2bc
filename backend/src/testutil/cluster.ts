/**
 * @module
 * Isolation for tests against real services (cluster mode). A namespace is a throwaway ClickHouse
 * database, Postgres database and pair of Kafka topics (+ consumer group), named
 * `bw_<label>_<random>`, created for one test file or one end-to-end stack and dropped afterwards,
 * so test files can run in parallel against the same servers and leave nothing behind.
 *
 * Only the services whose variable is set (`CLICKHOUSE_URL`, `DATABASE_URL`, `KAFKA_BROKERS`) get
 * a namespace; the others stay embedded.
 */
import { randomBytes } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { HttpClickHouseClient, quoteDatabase } from "../clickhouse/http.ts";
import { type StoresConfig, storesFromEnv } from "../config.ts";

/** Partitions of a namespace's events topic, as `kafka.sh` creates `events`. */
export const TEST_TOPIC_PARTITIONS = 4;

/** A created namespace. */
export interface ClusterNamespace {
  name: string;
  /** The adapters, pointed at the namespace. */
  stores: StoresConfig;
  /** Variables that point a backend or consumer process at the namespace (only the set ones). */
  env: Record<string, string>;
  /** Drops everything the namespace created; safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates a namespace for the services `env` names; embedded adapters for the rest.
 * @param label short lowercase tag in the names (`h` for harness, `e2e`…)
 */
export async function createClusterNamespace(
  env: Record<string, string | undefined> = process.env,
  label = "t",
): Promise<ClusterNamespace> {
  const base = storesFromEnv(env);
  if (!base.ok) throw new Error(base.error.message);
  const name = `bw_${label}_${randomBytes(5).toString("hex")}`;
  const stores: StoresConfig = { ...base.value };
  const vars: Record<string, string> = {};
  const drops: (() => Promise<void>)[] = [];
  try {
    const { eventStore, metaStore, eventLog } = base.value;
    if (eventStore.kind === "http") {
      stores.eventStore = { ...eventStore, database: name };
      const url = new URL(eventStore.url);
      url.username = encodeURIComponent(eventStore.username);
      url.password = encodeURIComponent(eventStore.password);
      url.pathname = `/${name}`;
      vars.CLICKHOUSE_URL = url.toString();
      // The adapter creates the database on open; dropping needs a connection to another one.
      drops.push(async () => {
        const admin = await HttpClickHouseClient.open({ ...eventStore, database: "default" });
        try {
          await admin.exec(`DROP DATABASE IF EXISTS ${quoteDatabase(name)}`);
        } finally {
          await admin.close();
        }
      });
    }
    if (metaStore.kind === "pg") {
      await withPg(metaStore.url, (c) => c.query(`CREATE DATABASE "${name}"`));
      drops.push(async () => {
        await withPg(metaStore.url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      });
      const url = new URL(metaStore.url);
      url.pathname = `/${name}`;
      stores.metaStore = { kind: "pg", url: url.toString() };
      vars.DATABASE_URL = url.toString();
    }
    if (eventLog.kind === "kafka") {
      const topic = `${name}.events`;
      const dlqTopic = `${name}.events-dlq`;
      stores.eventLog = { ...eventLog, topic, dlqTopic, groupId: name };
      Object.assign(vars, {
        KAFKA_BROKERS: eventLog.brokers.join(","),
        BREAKWATER_KAFKA_TOPIC: topic,
        BREAKWATER_KAFKA_DLQ_TOPIC: dlqTopic,
        BREAKWATER_KAFKA_GROUP: name,
      });
      await withAdmin(eventLog.brokers, async (admin) => {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            { topic, numPartitions: TEST_TOPIC_PARTITIONS, replicationFactor: 1 },
            { topic: dlqTopic, numPartitions: 1, replicationFactor: 1 },
          ],
        });
      });
      drops.push(() =>
        withAdmin(eventLog.brokers, async (admin) => {
          await admin.deleteGroups([name]).catch(() => undefined);
          await admin.deleteTopics({ topics: [topic, dlqTopic] });
        }),
      );
    }
  } catch (e) {
    await dropAll(drops);
    throw e;
  }
  let dropped = false;
  return {
    name,
    stores,
    env: vars,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await dropAll(drops);
    },
  };
}

async function dropAll(drops: readonly (() => Promise<void>)[]): Promise<void> {
  const results = await Promise.allSettled(drops.map((d) => d()));
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}

async function withPg<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

/** Runs `f` with a connected kafkajs admin client (kafkajs' own logging off). */
export async function withAdmin<T>(
  brokers: readonly string[],
  f: (admin: ReturnType<Kafka["admin"]>) => Promise<T>,
): Promise<T> {
  const admin = new Kafka({ clientId: "breakwater-test", brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await f(admin);
  } finally {
    await admin.disconnect();
  }
}
