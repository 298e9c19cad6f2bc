/**
 * @module
 * Test harness: real stores seeded like a first start, and the app over them. One per test file:
 * chDB allows one engine per process, and vitest runs each backend test file in its own process.
 *
 * The adapters follow the environment, as in production (DESIGN 2), so one suite runs in both modes:
 * - embedded (nothing set): chDB + PGlite in a fresh temp directory, direct EventLog;
 * - `CLICKHOUSE_URL` / `DATABASE_URL` / `KAFKA_BROKERS` (any subset): a fresh ClickHouse database,
 *   Postgres database and Kafka topics per test file (`./cluster.ts`), dropped on close. With Kafka,
 *   an in-process `EventConsumer` stores what ingest appends, and `/internal/ingest` answers once the
 *   consumer committed the batch (`./kafka.ts`), so tests read their writes as in embedded mode.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { signRequest } from "@breakwater/core/signature";
import type { Hono } from "hono";
import { createApp } from "../app.ts";
import { seedBootstrap } from "../bootstrap/seed.ts";
import type { AlertsConfig } from "../config.ts";
import type { HonoEnv } from "../hono/env.ts";
import { createKafka } from "../kafka/client.ts";
import { EventConsumer } from "../kafka/consumer.ts";
import type { KafkaEventLog } from "../kafka/event-log.ts";
import { silentLogger } from "../logger.ts";
import { DEFAULT_ALERTS, openServices, type Services } from "../services.ts";
import { type ClusterNamespace, createClusterNamespace } from "./cluster.ts";
import { OutcomeTracker, ReadYourWritesLog } from "./kafka.ts";

/** Internal HMAC secret of the harness. */
export const TEST_SECRET = "test-internal-secret";
/** API token seeded for organization `default`. */
export const TEST_TOKEN = "a".repeat(64);
/** DSN public key seeded for project 1. */
export const TEST_PUBLIC_KEY = "0123456789abcdef0123456789abcdef";

/** Public edge URL of the harness (the host of DSNs). */
export const TEST_EDGE_URL = "http://edge.test:8787";

/** A running backend for tests. */
export interface Harness {
  dir: string;
  services: Services;
  app: Hono<HonoEnv>;
  /** `Authorization` header of the seeded token. */
  auth: { Authorization: string };
  /** The namespace on real services (any server variable set), else null. */
  namespace: ClusterNamespace | null;
  /** Kafka mode only: the real producer and the in-process consumer behind `services.pipeline`. */
  kafka: { log: KafkaEventLog; consumer: EventConsumer; tracker: OutcomeTracker } | null;
  close(): Promise<void>;
}

/** True when any server variable is set: the suite runs against real services. */
export const SERVER_MODE = Boolean(process.env.CLICKHOUSE_URL || process.env.DATABASE_URL || process.env.KAFKA_BROKERS);

/** Opens stores in a temp dir, seeds `default` with `TEST_TOKEN` / `TEST_PUBLIC_KEY`, builds the app. */
export async function createHarness(options: { alerts?: Partial<AlertsConfig> } = {}): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), "bw-backend-test-"));
  const namespace = SERVER_MODE ? await createClusterNamespace(process.env, "h") : null;
  const logger = silentLogger();
  const opened = await openServices({
    dataDir: dir,
    internalSecret: TEST_SECRET,
    dashboardUrl: "http://dashboard.test",
    edgeUrl: TEST_EDGE_URL,
    logger,
    alerts: { ...DEFAULT_ALERTS, ...options.alerts },
    ...(namespace ? { stores: namespace.stores } : {}),
  }).catch(async (e) => {
    await namespace?.drop();
    throw e;
  });
  let services = opened.services;
  let kafka: Harness["kafka"] = null;
  const eventLog = namespace?.stores.eventLog;
  if (eventLog?.kind === "kafka") {
    const tracker = new OutcomeTracker();
    const consumer = new EventConsumer({
      kafka: createKafka({ brokers: eventLog.brokers, clientId: "breakwater-test-consumer" }, logger),
      topic: eventLog.topic,
      dlqTopic: eventLog.dlqTopic,
      groupId: eventLog.groupId,
      batchMs: 20,
      stores: {
        db: services.db,
        events: services.events,
        alerts: { dashboardUrl: "http://dashboard.test", onEnqueued: () => opened.services.alerts.worker.nudge() },
      },
      storesHealthy: async () => true,
      logger,
      onFlush: tracker.onFlush,
      retryDelayMs: 100,
    });
    await consumer.start();
    const log = services.pipeline as KafkaEventLog;
    kafka = { log, consumer, tracker };
    services = { ...services, pipeline: new ReadYourWritesLog(log, tracker) };
  }
  await seedBootstrap(services.db, {
    publicKey: TEST_PUBLIC_KEY,
    apiToken: TEST_TOKEN,
    adminPassword: "correct horse battery staple",
  });
  return {
    dir,
    services,
    app: createApp(services),
    auth: { Authorization: `Bearer ${TEST_TOKEN}` },
    namespace,
    kafka,
    close: async () => {
      await kafka?.consumer.stop();
      await opened.close();
      await namespace?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Headers for a signed internal request over `body` (the exact bytes sent). */
export function signedHeaders(
  body: Uint8Array | string,
  opts: { secret?: string; now?: number } = {},
): Record<string, string> {
  return { "X-Breakwater-Signature": signRequest(opts.secret ?? TEST_SECRET, body, opts.now) };
}
