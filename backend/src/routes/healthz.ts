/**
 * @module
 * `GET /healthz`: the state of each dependency and the adapter that serves it (DESIGN 3.4); 200 while
 * the backend can accept events, 503 when it cannot, so a load balancer or the edge stops sending:
 * - `ok` (200): every dependency answers;
 * - `degraded` (200): with Kafka in front (cluster mode), ClickHouse is down: ingest still appends to
 *   Kafka and the consumer stores the backlog once ClickHouse is back, but queries fail;
 * - `unavailable` (503): the event log (Kafka), Postgres (project configs, issues), or, in
 *   write-through mode where ingest writes the stores directly, ClickHouse is down.
 */
import type { Hono } from "hono";
import type { HonoEnv } from "../hono/env.ts";
import type { Adapters } from "../services.ts";

/** How long a probe may take before the dependency counts as down. */
const PROBE_TIMEOUT_MS = 2_000;

type DependencyState = "ok" | "error";

/** The health response body. */
export interface HealthzResponse {
  status: "ok" | "degraded" | "unavailable";
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
    const accepting = metaStore === "ok" && eventLog === "ok" && (eventStore === "ok" || adapters.eventLog === "kafka");
    const status = !accepting ? "unavailable" : eventStore === "ok" ? "ok" : "degraded";
    const body: HealthzResponse = { status, dependencies: { eventStore, metaStore, eventLog }, adapters };
    return c.json(body, accepting ? 200 : 503);
  });
}
