/**
 * @module
 * `POST /api/:projectId/store/`: the legacy endpoint, one event JSON per request (older SDKs, and
 * tools that speak the old protocol).
 */
import type { App, Context } from "../pkg/hono/app.ts";
import { admitRecords, rateLimitedResponse, recordAccepted } from "../pkg/ingest/admit.ts";
import { forwardRecords, prepareEvent } from "../pkg/ingest/event.ts";
import { applyInboundFilters } from "../pkg/ingest/inbound-filter.ts";
import {
  authenticate,
  enforceContentLength,
  missingAuth,
  readRequestBody,
  requestAuth,
} from "../pkg/ingest/request.ts";
import { scrubRecords } from "../pkg/ingest/scrub.ts";

/** The answer: the stored event's id. */
export type StoreResponse = { id: string };

async function handleStore(c: Context): Promise<Response> {
  const { services } = c.var;
  const received = services.now() / 1000;
  enforceContentLength(c);
  const auth = requestAuth(c);
  if (auth === undefined) throw missingAuth();
  const config = await authenticate(c, auth, Number(c.req.param("projectId")));

  const body = await readRequestBody(c, services.limits.maxEventBytes);
  const clientIp = c.req.header("cf-connecting-ip");
  const record = prepareEvent(body, { config, received, clientIp });
  const response: StoreResponse = { id: record.event.event_id };
  const kept = applyInboundFilters(
    services,
    config,
    [record],
    { clientIp, userAgent: c.req.header("user-agent") },
    received,
  );
  if (kept.length === 0) return c.json(response);
  const admission = await admitRecords(services, config, kept, received);
  if (admission.limits.length > 0) return rateLimitedResponse(c, admission.limits);
  await forwardRecords(services, scrubRecords(config, admission.accepted));
  recordAccepted(services, config, admission.accepted, received);
  return c.json(response);
}

/** Registers the store endpoint, with and without its trailing slash. */
export function registerStore(app: App): void {
  app.post("/api/:projectId{[0-9]+}/store/", handleStore);
  app.post("/api/:projectId{[0-9]+}/store", handleStore);
}
