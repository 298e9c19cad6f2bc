/**
 * @module
 * `POST /internal/outcomes` (DESIGN 1, 3.2): the edge's per-minute outcome counts, signed like every
 * `/internal/*` call (middleware in app.ts). Body: JSON `OutcomesBatch` (`@breakwater/core/schema`),
 * plain or `Content-Encoding: gzip`. The batch goes into ClickHouse `outcomes` in ONE insert;
 * answers `{"stored": n}` after the insert, 503 when storage fails (the edge retries; a retried
 * batch counts twice, so the edge must only retry what was not acknowledged).
 */
import type { Hono } from "hono";
import { insertOutcomes, outcomeRow } from "../clickhouse/outcomes.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { decodeErrorToApi } from "../http/decode-error.ts";
import { decodeOutcomesBody } from "../outcomes/decode.ts";

/** The response body. */
export interface OutcomesResponse {
  /** Outcome rows inserted. */
  stored: number;
}

/** Registers the route. */
export function registerInternalOutcomes(app: Hono<HonoEnv>): void {
  app.post("/internal/outcomes", async (c) => {
    const { events, logger } = c.var.services;
    const decoded = await decodeOutcomesBody(c.var.rawBody, c.req.header("Content-Encoding"));
    if (!decoded.ok) throw decodeErrorToApi(decoded.error);
    const rows = decoded.value.map(outcomeRow);
    try {
      await insertOutcomes(events, rows);
    } catch (e) {
      logger.error({ err: e, outcomes: rows.length }, "outcomes insert failed");
      throw new ApiError({ code: "SERVICE_UNAVAILABLE", detail: "Storage unavailable, retry later", cause: e });
    }
    logger.debug({ outcomes: rows.length }, "outcomes stored");
    const body: OutcomesResponse = { stored: rows.length };
    return c.json(body);
  });
}
