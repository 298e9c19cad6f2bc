/**
 * @module
 * Opens the two stores with the adapters the configuration picked (DESIGN 2) and migrates them:
 * EventStore = chDB in `<dataDir>/chdb` | ClickHouse server over HTTP (`CLICKHOUSE_URL`);
 * MetaStore = PGlite in `<dataDir>/pglite` | Postgres (`DATABASE_URL`). Shared by the HTTP backend
 * (`services.ts`) and the Kafka consumer (`consumer.ts`).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { ChdbClient } from "./clickhouse/chdb.ts";
import { HttpClickHouseClient } from "./clickhouse/http.ts";
import type { EventStoreClient } from "./clickhouse/interface.ts";
import { migrateEventStore } from "./clickhouse/migrate.ts";
import type { EventStoreConfig, MetaStoreConfig } from "./config.ts";
import { type MetaStore, openMetaStore } from "./db/client.ts";
import { openPgMetaStore } from "./db/pg.ts";
import type { Logger } from "./logger.ts";

/** Embedded defaults: chDB and PGlite under the data directory. */
export const EMBEDDED_STORES = { eventStore: { kind: "chdb" }, metaStore: { kind: "pglite" } } as const;

/** Options of `openStores`. */
export interface OpenStoresOptions {
  /** Home of the embedded adapters' files. */
  dataDir: string;
  eventStore: EventStoreConfig;
  metaStore: MetaStoreConfig;
  logger: Logger;
}

/** Both stores, migrated, with probes and shutdown. */
export interface OpenStores {
  meta: MetaStore;
  events: EventStoreClient;
  /** Closes both; call once. */
  close(): Promise<void>;
}

/** Opens and migrates both stores; on failure closes whatever was opened. */
export async function openStores(o: OpenStoresOptions): Promise<OpenStores> {
  if (o.eventStore.kind === "chdb" || o.metaStore.kind === "pglite") await mkdir(o.dataDir, { recursive: true });
  const meta =
    o.metaStore.kind === "pg"
      ? await openPgMetaStore(o.metaStore.url, { logger: o.logger })
      : await openMetaStore(path.join(o.dataDir, "pglite"));
  o.logger.info({ adapter: o.metaStore.kind }, "meta store ready");
  let events: EventStoreClient | undefined;
  try {
    events =
      o.eventStore.kind === "http"
        ? await HttpClickHouseClient.open(o.eventStore)
        : ChdbClient.open(path.join(o.dataDir, "chdb"));
    const report = await migrateEventStore(events);
    o.logger.info(
      { adapter: o.eventStore.kind, clickhouse: report.features.version, applied: report.applied },
      "event store ready",
    );
  } catch (e) {
    await events?.close();
    await meta.close();
    throw e;
  }
  const eventStore = events;
  return {
    meta,
    events: eventStore,
    close: async () => {
      await Promise.allSettled([eventStore.close(), meta.close()]);
    },
  };
}
