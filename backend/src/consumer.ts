/**
 * @module
 * `breakwater consumer` (`npm run consumer`): the cluster-mode process that turns the Kafka `events`
 * topic into stored events and issues (DESIGN 1). Run as many as the topic has partitions; they
 * share the work as one consumer group. Configuration is the backend's environment (config.ts):
 * `KAFKA_BROKERS` is required, the stores follow `CLICKHOUSE_URL` / `DATABASE_URL` like the backend's.
 *
 * stdout carries one line, `breakwater consumer ready (group …, topic …)`, once the member joined its
 * group; logs (pino JSON) go to stderr. With `BREAKWATER_CONSUMER_PORT` set it also serves
 * `GET /healthz` (200 when joined and both stores answer). SIGINT / SIGTERM: finish the batch in
 * progress, commit it, leave the group, close the stores, exit 0 (a second signal, 1 s or more after
 * the first, exits 1 at once).
 */
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { loadConfig } from "./config.ts";
import { createKafka } from "./kafka/client.ts";
import { EventConsumer } from "./kafka/consumer.ts";
import { createLogger } from "./logger.ts";
import { onShutdownSignals, runMain } from "./process-lifecycle.ts";
import { openStores } from "./stores.ts";

/** Longest graceful shutdown before giving up with exit code 1. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

async function main(): Promise<void> {
  const loaded = await loadConfig();
  if (!loaded.ok) {
    process.stderr.write(`breakwater consumer: ${loaded.error.message}\n`);
    process.exit(1);
  }
  const config = loaded.value;
  const log = config.stores.eventLog;
  if (log.kind !== "kafka") {
    process.stderr.write("breakwater consumer: KAFKA_BROKERS is not set (the consumer exists only in cluster mode)\n");
    process.exit(1);
  }
  const logger = createLogger(config.logLevel).child({ process: "consumer" });
  const stores = await openStores({
    dataDir: config.dataDir,
    eventStore: config.stores.eventStore,
    metaStore: config.stores.metaStore,
    logger,
  });
  const healthy = async () => {
    const results = await Promise.allSettled([stores.events.ping(), stores.meta.ping()]);
    return results.every((r) => r.status === "fulfilled");
  };
  const consumer = new EventConsumer({
    kafka: createKafka({ brokers: log.brokers, clientId: `${log.clientId}-consumer` }, logger),
    topic: log.topic,
    dlqTopic: log.dlqTopic,
    groupId: log.groupId,
    batchSize: config.consumer.batchSize,
    batchMs: config.consumer.batchMs,
    // Issue alert rules are evaluated here, in the batch; the backend's worker sends what they enqueue.
    stores: { db: stores.meta.db, events: stores.events, alerts: { dashboardUrl: config.dashboardUrl, logger } },
    storesHealthy: healthy,
    logger,
    onFatal: () => {
      // Uncommitted records are replayed by the next member; exit so a supervisor restarts us.
      void stores.close().finally(() => process.exit(1));
    },
  });
  try {
    await consumer.start();
  } catch (e) {
    await stores.close();
    throw e;
  }

  let server: Server | undefined;
  if (config.consumer.port !== undefined) {
    const app = new Hono();
    app.get("/healthz", async (c) => {
      const ok = consumer.ready && (await healthy());
      return c.json({ status: ok ? "ok" : "unavailable", joined: consumer.ready }, ok ? 200 : 503);
    });
    server = serve({ fetch: app.fetch, port: config.consumer.port, hostname: config.host }) as Server;
  }
  process.stdout.write(`breakwater consumer ready (group ${log.groupId}, topic ${log.topic})\n`);

  onShutdownSignals({
    logger,
    draining: "finishing the current batch",
    timeoutMs: SHUTDOWN_TIMEOUT_MS,
    timeoutMessage: "shutdown timed out; uncommitted records will be replayed",
    async drain() {
      server?.close();
      await consumer.stop();
      await stores.close();
    },
  });
}

runMain("breakwater consumer", main);
