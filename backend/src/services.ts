/**
 * @module
 * The composition root: opens the stores under the data directory, migrates them, and builds the
 * services that routes read from the context (STYLE a: handlers never construct clients).
 *
 * Data layout: `<dataDir>/pglite` (MetaStore), `<dataDir>/chdb` (EventStore),
 * `<dataDir>/internal-secret` (generated HMAC key, see config.ts).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { ChdbClient } from "./clickhouse/chdb.ts";
import type { EventStoreClient } from "./clickhouse/interface.ts";
import { migrateEventStore } from "./clickhouse/migrate.ts";
import { type Db, openMetaStore } from "./db/client.ts";
import type { Logger } from "./logger.ts";
import { createPipeline, type Pipeline } from "./pipeline/index.ts";

/** Everything a request handler may use. */
export interface Services {
  db: Db;
  events: EventStoreClient;
  pipeline: Pipeline;
  /** Liveness probes for `/healthz`. */
  health: { metaStore(): Promise<void>; eventStore(): Promise<void> };
  /** HMAC key for `/internal/*`. */
  internalSecret: string;
  /** Base of issue permalinks. */
  dashboardUrl: string;
  logger: Logger;
}

/** Open services plus their shutdown. */
export interface OpenServices {
  services: Services;
  /** Closes PGlite and chDB; call once, after the HTTP server stopped. */
  close(): Promise<void>;
}

/** Options of `openServices`. */
export interface OpenServicesOptions {
  dataDir: string;
  internalSecret: string;
  dashboardUrl: string;
  logger: Logger;
}

/** Opens and migrates both stores under `dataDir`. */
export async function openServices(opts: OpenServicesOptions): Promise<OpenServices> {
  await mkdir(opts.dataDir, { recursive: true });
  const meta = await openMetaStore(path.join(opts.dataDir, "pglite"));
  let events: EventStoreClient | undefined;
  try {
    events = ChdbClient.open(path.join(opts.dataDir, "chdb"));
    const report = await migrateEventStore(events);
    opts.logger.info(
      { clickhouse: report.features.version, applied: report.applied },
      "event store ready (chDB, embedded)",
    );
  } catch (e) {
    await events?.close();
    await meta.close();
    throw e;
  }
  const eventStore = events;
  const services: Services = {
    db: meta.db,
    events: eventStore,
    pipeline: createPipeline({ db: meta.db, events: eventStore }),
    health: { metaStore: () => meta.ping(), eventStore: () => eventStore.ping() },
    internalSecret: opts.internalSecret,
    dashboardUrl: opts.dashboardUrl,
    logger: opts.logger,
  };
  return {
    services,
    close: async () => {
      await eventStore.close();
      await meta.close();
    },
  };
}
