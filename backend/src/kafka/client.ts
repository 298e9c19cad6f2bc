/**
 * @module
 * The kafkajs client of the backend and the consumer: brokers from `KAFKA_BROKERS`, kafkajs' log
 * lines routed into our pino logger (stderr JSON) instead of its own console output.
 */
import { Kafka, type LogEntry, logLevel, type RetryOptions } from "kafkajs";
import type { Logger } from "../logger.ts";

/** Where to connect. */
export interface KafkaConnection {
  brokers: readonly string[];
  /** Client id (shows in broker logs and quotas). */
  clientId: string;
  /**
   * Connection / metadata retries (kafkajs nests them inside each producer retry). Default: 8,
   * 100 ms doubling to 5 s, for the consumer, which may wait; the ingest producer passes fewer so a
   * request fails within seconds when the brokers are gone.
   */
  retry?: RetryOptions;
}

/**
 * Creates a kafkajs client. kafkajs' INFO lines (group joins, leaves) become pino `debug`; its
 * ERROR lines stay errors, except the retried ones it recovers from, which become warnings.
 */
export function createKafka(connection: KafkaConnection, logger: Logger): Kafka {
  // The default partitioner is what we want (murmur2 of the key, as Java's); silence the v2 notice.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= "1";
  const log = logger.child({ component: "kafkajs" });
  return new Kafka({
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: connection.retry ?? { initialRetryTime: 100, retries: 8, maxRetryTime: 5_000 },
    logLevel: logLevel.INFO,
    logCreator: () => (entry: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...extra } = entry.log;
      const fields = { namespace: entry.namespace, ...extra };
      if (entry.level === logLevel.ERROR) {
        // "... retrying" / "The coordinator is loading": kafkajs retries these on its own.
        if (extra.retryCount !== undefined || /coordinator is loading|retry/i.test(message)) log.warn(fields, message);
        else log.error(fields, message);
      } else if (entry.level === logLevel.WARN) {
        // We bound the idempotent producer's retries on purpose (see event-log.ts).
        if (message.startsWith("Limiting retries for the idempotent producer")) log.debug(fields, message);
        else log.warn(fields, message);
      } else log.debug(fields, message);
    },
  });
}
