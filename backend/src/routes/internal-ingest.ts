/**
 * @module
 * `POST /internal/ingest` (DESIGN 3.2): a signed batch of normalized events from the edge's queue
 * consumer. Answers `{"accepted", "duplicates"}` only after the batch is stored (write-through), so
 * the edge may drop its copy on 200 and must retry on anything else.
 */
import type { IngestResponse } from "@breakwater/core/schema";
import type { Hono } from "hono";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { decodeErrorToApi } from "../http/decode-error.ts";
import { decodeIngestBody } from "../ingest/decode.ts";

/** Registers the route. */
export function registerInternalIngest(app: Hono<HonoEnv>): void {
  app.post("/internal/ingest", async (c) => {
    const { pipeline, logger } = c.var.services;
    const decoded = await decodeIngestBody(c.var.rawBody, c.req.header("Content-Encoding"));
    if (!decoded.ok) throw decodeErrorToApi(decoded.error);
    const started = performance.now();
    let result: Awaited<ReturnType<typeof pipeline.process>>;
    try {
      result = await pipeline.process(decoded.value);
    } catch (e) {
      // Nothing was acknowledged: the edge keeps the batch and retries.
      logger.error({ err: e, events: decoded.value.length }, "ingest batch failed");
      throw new ApiError({ code: "SERVICE_UNAVAILABLE", detail: "Storage unavailable, retry later", cause: e });
    }
    const ms = Math.round(performance.now() - started);
    logger.info({ events: decoded.value.length, ...result, ms }, "ingest batch stored");
    const body: IngestResponse = { accepted: result.accepted, duplicates: result.duplicates };
    return c.json(body);
  });
}
