/**
 * @module
 * The backend process: `npx tsx backend/src/main.ts` (or `npm start -w backend`). Configuration comes
 * from the environment only (see config.ts / README). stdout carries exactly two kinds of lines:
 * the one-time bootstrap credentials block and `breakwater backend listening on http://HOST:PORT`;
 * logs (pino JSON) go to stderr. SIGINT/SIGTERM: stop accepting, finish in-flight requests, flush
 * the Kafka producer (cluster mode), close the stores, exit 0 (a second signal exits 1 at once).
 * Adapters (DESIGN 2) follow `CLICKHOUSE_URL`, `DATABASE_URL`, `KAFKA_BROKERS`; with Kafka, events
 * are stored by `breakwater consumer` (consumer.ts), a separate process.
 */
import type { Server } from "node:http";
import path from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { DEFAULT_PROJECT_ID } from "./bootstrap/constants.ts";
import { formatDsn } from "./bootstrap/dsn.ts";
import { formatCredentials } from "./bootstrap/print.ts";
import { seedBootstrap } from "./bootstrap/seed.ts";
import { INTERNAL_SECRET_FILE, loadConfig } from "./config.ts";
import { closeConnectionsWhenDraining } from "./http/drain.ts";
import { createLogger } from "./logger.ts";
import { onShutdownSignals, runMain } from "./process-lifecycle.ts";
import { openServices } from "./services.ts";

/** Longest graceful shutdown before giving up with exit code 1. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const loaded = await loadConfig();
  if (!loaded.ok) {
    process.stderr.write(`breakwater backend: ${loaded.error.message}\n`);
    process.exit(1);
  }
  const config = loaded.value;
  const logger = createLogger(config.logLevel);
  if (config.internalSecretSource !== "env") {
    logger.info(
      { file: path.join(config.dataDir, INTERNAL_SECRET_FILE), source: config.internalSecretSource },
      "internal secret not set in BREAKWATER_INTERNAL_SECRET: using the data-dir file (give the edge the same value)",
    );
  }

  const opened = await openServices({
    dataDir: config.dataDir,
    internalSecret: config.internalSecret,
    dashboardUrl: config.dashboardUrl,
    edgeUrl: config.edgeUrl,
    logger,
    stores: config.stores,
    alerts: config.alerts,
  });
  const seed = await seedBootstrap(opened.services.db, config.bootstrap);
  if (seed.kind === "created") {
    process.stdout.write(formatCredentials(seed.credentials, config.edgeUrl));
  } else {
    const dsn = seed.publicKey ? formatDsn(config.edgeUrl, seed.publicKey, DEFAULT_PROJECT_ID) : null;
    logger.info({ dsn, changed: seed.changed }, "bootstrap: already seeded");
  }

  const app = createApp(opened.services);
  opened.services.alerts.worker.start();
  opened.services.alerts.metrics.start();
  let draining = false;
  const fetch = closeConnectionsWhenDraining(app.fetch, () => draining);
  const server = serve({ fetch, port: config.port, hostname: config.host }, (info) => {
    process.stdout.write(`breakwater backend listening on http://${config.host}:${info.port}\n`);
  }) as Server;
  server.on("error", async (e) => {
    logger.fatal({ err: e }, "HTTP server failed");
    await opened.close();
    process.exit(1);
  });

  onShutdownSignals({
    logger,
    draining: "finishing in-flight requests",
    timeoutMs: SHUTDOWN_TIMEOUT_MS,
    timeoutMessage: "shutdown timed out",
    async drain() {
      // close() stops accepting and resolves when in-flight requests are done; idle keep-alive
      // sockets would hold it open, so drop those now, and busy ones close after their response.
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await opened.close();
    },
  });
}

runMain("breakwater backend", main);
