/**
 * @module
 * `GET /healthz`: 200 once the Worker runs with a valid environment (the env is validated before any
 * route is reached). Deliberately no backend call: the edge keeps accepting events while the backend is
 * down, so its health does not depend on it.
 */
import type { App } from "../pkg/hono/app.ts";

/** The health answer. */
export type HealthzResponse = { status: "ok" };

/** Registers `GET /healthz`. */
export function registerHealthz(app: App): void {
  app.get("/healthz", (c) => c.json({ status: "ok" } satisfies HealthzResponse));
}
