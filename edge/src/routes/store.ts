/**
 * @module
 * `POST /api/:projectId/store/`: the legacy endpoint, one event JSON per request (older SDKs, and
 * tools that speak the old protocol). Besides `Content-Encoding`, the body may be base64 of the JSON or
 * of its zlib deflate, as old SDKs sent it (pkg/body/legacy.ts).
 */
import { err, type Result } from "@breakwater/core/protocol";
import { decodeLegacyStoreBody } from "../pkg/body/legacy.ts";
import { BreakwaterApiError } from "../pkg/errors/http.ts";
import type { App, Context } from "../pkg/hono/app.ts";
import { admissibleRecord, admit, asForwardable, rateLimitedResponse } from "../pkg/ingest/admit.ts";
import { type Rejection, reject, UNREAD_STORE_EVENT } from "../pkg/ingest/discard.ts";
import { forwardItems, prepareEvent } from "../pkg/ingest/event.ts";
import { applyInboundFilters } from "../pkg/ingest/inbound-filter.ts";
import {
  authenticate,
  bodyRejection,
  enforceContentLength,
  missingAuth,
  readRequestBody,
  requestAuth,
} from "../pkg/ingest/request.ts";
import { scrubRecords } from "../pkg/ingest/scrub.ts";

/** The answer: the stored event's id. */
export type StoreResponse = { id: string };

/**
 * Base64 inflates by 4/3: the body as read may be that much larger than the event it carries (the
 * event cap is enforced on the decoded JSON).
 */
const base64Allowance = (eventBytes: number) => Math.ceil((eventBytes * 4) / 3) + 4;

/** A decoded store body: the legacy decoding's failures as rejections. */
async function readStoreEvent(c: Context): Promise<Result<Uint8Array, Rejection>> {
  const maxEventBytes = c.var.services.limits.maxEventBytes;
  const body = await readRequestBody(c, base64Allowance(maxEventBytes), "too_large:event");
  if (!body.ok) return body;
  if (body.value.byteLength === 0) {
    return err({ reason: "no_data", error: new BreakwaterApiError({ code: "BAD_REQUEST", detail: "empty body" }) });
  }
  const decoded = await decodeLegacyStoreBody(body.value, maxEventBytes);
  if (!decoded.ok) {
    const error = decoded.error;
    if (error.code === "invalid_base64") {
      const detail = "body is neither JSON nor base64";
      return err({
        reason: "payload",
        error: new BreakwaterApiError({ code: "BAD_REQUEST", detail, causes: [error.detail] }),
      });
    }
    return err(bodyRejection(error, "deflate", "too_large:event"));
  }
  if (decoded.value.byteLength > maxEventBytes) {
    const detail = `event exceeds ${maxEventBytes} bytes`;
    return err({ reason: "too_large:event", error: new BreakwaterApiError({ code: "PAYLOAD_TOO_LARGE", detail }) });
  }
  return decoded;
}

async function handleStore(c: Context): Promise<Response> {
  const { services } = c.var;
  const received = services.now() / 1000;
  enforceContentLength(c);
  const auth = requestAuth(c);
  if (auth === undefined) throw missingAuth();
  const config = await authenticate(c, auth, Number(c.req.param("projectId")));

  const body = await readStoreEvent(c);
  if (!body.ok) throw reject(services, config, UNREAD_STORE_EVENT, body.error, received);
  const clientIp = c.req.header("cf-connecting-ip");
  const prepared = prepareEvent(body.value, { config, received, clientIp });
  if (!prepared.ok) throw reject(services, config, UNREAD_STORE_EVENT, prepared.error, received);
  const record = prepared.value;
  const response: StoreResponse = { id: record.event.event_id };
  const { kept } = applyInboundFilters(
    services,
    config,
    [record],
    { clientIp, userAgent: c.req.header("user-agent") },
    received,
  );
  if (kept.length === 0) return c.json(response);
  const admission = await admit(services, config, kept.map(admissibleRecord), received);
  if (admission.limits.length > 0) return rateLimitedResponse(c, admission.limits);
  const scrubbed = scrubRecords(
    config,
    admission.accepted.map((a) => a.value),
  );
  await forwardItems(services, config, scrubbed.map(admissibleRecord).map(asForwardable), received);
  return c.json(response);
}

/** Registers the store endpoint, with and without its trailing slash. */
export function registerStore(app: App): void {
  app.post("/api/:projectId{[0-9]+}/store/", handleStore);
  app.post("/api/:projectId{[0-9]+}/store", handleStore);
}
