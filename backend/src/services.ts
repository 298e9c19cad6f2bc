/**
 * @module
 * The composition root: opens the stores and the event log with the adapters the configuration
 * picked (DESIGN 2: EventStore chdb | http, MetaStore pglite | pg, EventLog direct | kafka, each by
 * its own variable), migrates the stores, and builds the services that routes read from the context
 * (STYLE a: handlers never construct clients).
 *
 * Embedded data layout: `<dataDir>/pglite` (MetaStore), `<dataDir>/chdb` (EventStore),
 * `<dataDir>/internal-secret` (generated HMAC key, see config.ts).
 */
import nodemailer from "nodemailer";
import { DEFAULT_BACKOFF } from "./alerts/backoff.ts";
import { MetricAlertScheduler } from "./alerts/metric/scheduler.ts";
import { NotificationWorker } from "./alerts/worker.ts";
import type { EventStoreClient } from "./clickhouse/interface.ts";
import type { AlertsConfig, StoresConfig } from "./config.ts";
import type { Db } from "./db/client.ts";
import { createKafka } from "./kafka/client.ts";
import { INGEST_CONNECTION_RETRY, KafkaEventLog } from "./kafka/event-log.ts";
import type { Logger } from "./logger.ts";
import { createPipeline, type EventLog } from "./pipeline/index.ts";
import { EMBEDDED_STORES, openStores } from "./stores.ts";

/** Which adapter serves each port, as `/healthz` reports it. */
export interface Adapters {
  eventStore: StoresConfig["eventStore"]["kind"];
  metaStore: StoresConfig["metaStore"]["kind"];
  eventLog: StoresConfig["eventLog"]["kind"];
}

/** Everything a request handler may use. */
export interface Services {
  db: Db;
  events: EventStoreClient;
  /** Where `/internal/ingest` hands batches: the pipeline itself (direct) or Kafka. */
  pipeline: EventLog;
  /** Liveness probes for `/healthz`. */
  health: { metaStore(): Promise<void>; eventStore(): Promise<void>; eventLog(): Promise<void> };
  adapters: Adapters;
  /** HMAC key for `/internal/*`. */
  internalSecret: string;
  /** Base of issue permalinks. */
  dashboardUrl: string;
  /** Public edge URL: the host part of the DSNs the keys API shows. */
  edgeUrl: string;
  logger: Logger;
  /** Alerting: the outbox worker and the metric rule scheduler (started by main.ts, driven by tests). */
  alerts: { worker: NotificationWorker; metrics: MetricAlertScheduler };
}

/** Open services plus their shutdown. */
export interface OpenServices {
  services: Services;
  /** Sends what the event log holds, closes it and both stores; call once, after the HTTP server stopped. */
  close(): Promise<void>;
}

/** Options of `openServices`. */
export interface OpenServicesOptions {
  dataDir: string;
  internalSecret: string;
  dashboardUrl: string;
  edgeUrl: string;
  logger: Logger;
  /** Adapters; default embedded (chDB, PGlite, direct). */
  stores?: StoresConfig;
  /** Alerting settings; default: no SMTP, 1 s poll, 2 s first retry, metric rules every 60 s. */
  alerts?: AlertsConfig;
}

/** Alerting defaults (the config's). */
export const DEFAULT_ALERTS: AlertsConfig = {
  smtpUrl: undefined,
  mailFrom: "Breakwater <alerts@breakwater.local>",
  pollMs: 1_000,
  retryBaseMs: DEFAULT_BACKOFF.baseMs,
  metricIntervalMs: 60_000,
};

/** Opens and migrates both stores, and connects the event log. */
export async function openServices(opts: OpenServicesOptions): Promise<OpenServices> {
  const config: StoresConfig = opts.stores ?? { ...EMBEDDED_STORES, eventLog: { kind: "direct" } };
  const stores = await openStores({ dataDir: opts.dataDir, ...config, logger: opts.logger });
  const { meta, events } = stores;
  let eventLog: EventLog;
  let kafkaLog: EventLog | undefined;
  let probeLog: () => Promise<void> = async () => undefined;
  let closeLog: () => Promise<void> = async () => undefined;
  if (config.eventLog.kind === "kafka") {
    try {
      const { brokers, clientId, topic, lingerMs } = config.eventLog;
      const log = await KafkaEventLog.open({
        kafka: createKafka({ brokers, clientId: `${clientId}-backend`, retry: INGEST_CONNECTION_RETRY }, opts.logger),
        topic,
        lingerMs,
        logger: opts.logger,
      });
      opts.logger.info({ adapter: "kafka", brokers, topic }, "event log ready");
      kafkaLog = log;
      probeLog = () => log.ping();
      closeLog = () => log.close();
    } catch (e) {
      await stores.close();
      throw e;
    }
  }
  const alertsConfig = opts.alerts ?? DEFAULT_ALERTS;
  // The URL carries credentials: it goes to nodemailer only, never to a log.
  const mailer = alertsConfig.smtpUrl ? nodemailer.createTransport(alertsConfig.smtpUrl) : null;
  const worker = new NotificationWorker({
    db: meta.db,
    send: { mailer, mailFrom: alertsConfig.mailFrom, timeoutMs: 10_000 },
    logger: opts.logger,
    pollMs: alertsConfig.pollMs,
    backoff: { ...DEFAULT_BACKOFF, baseMs: alertsConfig.retryBaseMs },
  });
  const metrics = new MetricAlertScheduler({
    db: meta.db,
    events,
    logger: opts.logger,
    dashboardUrl: opts.dashboardUrl,
    intervalMs: alertsConfig.metricIntervalMs,
    onEnqueued: () => worker.nudge(),
  });
  if (config.eventLog.kind === "kafka") {
    eventLog = kafkaLog as EventLog;
  } else {
    eventLog = createPipeline(
      {
        db: meta.db,
        events,
        alerts: { dashboardUrl: opts.dashboardUrl, onEnqueued: () => worker.nudge(), logger: opts.logger },
      },
      { onCommit: (info) => opts.logger.info(info, "ingest commit stored") },
    );
  }
  const services: Services = {
    db: meta.db,
    events,
    pipeline: eventLog,
    health: { metaStore: () => meta.ping(), eventStore: () => events.ping(), eventLog: probeLog },
    adapters: { eventStore: config.eventStore.kind, metaStore: config.metaStore.kind, eventLog: config.eventLog.kind },
    internalSecret: opts.internalSecret,
    dashboardUrl: opts.dashboardUrl,
    edgeUrl: opts.edgeUrl,
    logger: opts.logger,
    alerts: { worker, metrics },
  };
  return {
    services,
    close: async () => {
      await worker.stop();
      await metrics.stop();
      mailer?.close();
      await closeLog();
      await stores.close();
    },
  };
}
