/**
 * @module
 * `GET /healthz`: 200 when every dependency answers (both stores and, in cluster mode, Kafka),
 * 503 otherwise, with the state of each and the adapter that serves it (DESIGN 3.4).
 */
import type { Hono } from "hono";
import type { HonoEnv } from "../hono/env.ts";
import type { Adapters } from "../services.ts";

/** How long a probe may take before the dependency counts as down. */
const PROBE_TIMEOUT_MS = 2_000;

type DependencyState = "ok" | "error";

/** The health response body. */
export interface HealthzResponse {
  status: "ok" | "unavailable";
  dependencies: { eventStore: DependencyState; metaStore: DependencyState; eventLog: DependencyState };
  /** e.g. `{"eventStore": "http", "metaStore": "pg", "eventLog": "kafka"}`. */
  adapters: Adapters;
}

async function probe(check: () => Promise<void>, onError: (e: unknown) => void): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return "ok";
  } catch (e) {
    onError(e);
    return "error";
  } finally {
    clearTimeout(timer);
  }
}

/** Registers `GET /healthz`. */
export function registerHealthz(app: Hono<HonoEnv>): void {
  app.get("/healthz", async (c) => {
    const { health, logger, adapters } = c.var.services;
    const [eventStore, metaStore, eventLog] = await Promise.all([
      probe(health.eventStore, (err) => logger.error({ err }, "healthz: event store probe failed")),
      probe(health.metaStore, (err) => logger.error({ err }, "healthz: meta store probe failed")),
      probe(health.eventLog, (err) => logger.error({ err }, "healthz: event log probe failed")),
    ]);
    const ok = eventStore === "ok" && metaStore === "ok" && eventLog === "ok";
    const body: HealthzResponse = {
      status: ok ? "ok" : "unavailable",
      dependencies: { eventStore, metaStore, eventLog },
      adapters,
    };
    return c.json(body, ok ? 200 : 503);
  });
}
