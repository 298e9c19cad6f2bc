/**
 * @module
 * CORS for the ingest endpoints (DESIGN 3.1), so browser SDKs can post from any origin. Errors carry
 * the headers too: a browser SDK must be able to read a 429's `Retry-After`.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

/** Request headers browser SDKs send. */
export const CORS_ALLOW_HEADERS = ["x-sentry-auth", "content-type", "content-encoding", "authorization"];
/** Response headers browser SDKs read. */
export const CORS_EXPOSE_HEADERS = ["x-sentry-error", "x-sentry-rate-limits", "retry-after"];

/** CORS middleware: any origin, POST only, preflight cached for an hour. */
export function sentryCors(): MiddlewareHandler {
  return cors({
    origin: "*",
    allowMethods: ["POST", "OPTIONS"],
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAge: 3600,
  });
}
