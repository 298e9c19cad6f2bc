/**
 * @module
 * Guards `/internal/*`: the request must carry `X-Breakwater-Signature` over its exact body bytes
 * (DESIGN 3.2). The check runs on the raw bytes as received, before any decompression, so that an
 * unsigned caller cannot make us inflate anything. The verified bytes are handed on as `rawBody`.
 */
import { ReplayGuard, SIGNATURE_HEADER, type SignatureError, verifySignature } from "@breakwater/core/signature";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";

function describe(error: SignatureError): string {
  switch (error.code) {
    case "missing":
      return `Missing ${SIGNATURE_HEADER} header`;
    case "malformed":
      return `Malformed ${SIGNATURE_HEADER} header`;
    case "stale":
      return `Stale signature (clock skew ${error.skewSeconds}s exceeds the accepted window)`;
    case "mismatch":
      return "Signature does not match the request body";
    case "replayed":
      return "Signature already used (replayed request)";
  }
}

/**
 * Verifies the HMAC signature; 401 `{"detail": ...}` when it is missing, malformed, stale, wrong, or
 * a replay of a signature this app already accepted (one seen-set per app, i.e. per process).
 * @param now clock in unix seconds, injectable for tests
 */
export function internalSignature(now: () => number = () => Math.floor(Date.now() / 1000)) {
  const replays = new ReplayGuard();
  return createMiddleware<HonoEnv>(async (c, next) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    const at = now();
    const verified = verifySignature(c.var.services.internalSecret, c.req.header(SIGNATURE_HEADER), body, at);
    const result: typeof verified =
      verified.ok && !replays.firstUse(verified.value.signature, verified.value.timestamp, at)
        ? { ok: false, error: { code: "replayed" } }
        : verified;
    if (!result.ok) {
      c.var.services.logger.warn({ path: c.req.path, reason: result.error.code }, "internal request rejected");
      throw new ApiError({ code: "UNAUTHORIZED", detail: describe(result.error) });
    }
    c.set("rawBody", body);
    await next();
  });
}
