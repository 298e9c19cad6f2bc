/**
 * @module
 * `app.onError` and `app.notFound`: every failure becomes `{"detail", "causes", "requestId"}` with the
 * detail repeated in `X-Sentry-Error`, as Relay does, so SDK debug logs show why an event was refused.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { HonoEnv } from "../hono/env.ts";
import { ConsoleLogger } from "../logger/console.ts";
import { BreakwaterApiError, type ErrorBody } from "./http.ts";

/** Header values must be Latin-1; details can quote client input. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
}

/** Builds an error response in the edge's one error shape. */
export function errorResponse(
  c: Context<HonoEnv>,
  status: ContentfulStatusCode,
  detail: string,
  causes: string[] = [],
): Response {
  const body: ErrorBody = { detail, causes };
  const requestId = c.get("requestId");
  if (requestId) body.requestId = requestId;
  return c.json(body, status, { "X-Sentry-Error": headerSafe(detail) });
}

/** The app's `onError`: expected errors keep their status; anything else is a logged 500. */
export function handleError(error: Error, c: Context<HonoEnv>): Response {
  if (error instanceof BreakwaterApiError) return errorResponse(c, error.status, error.message, error.causes);
  if (error instanceof HTTPException) return errorResponse(c, error.status, error.message || "request failed");
  const logger = c.get("services")?.logger ?? new ConsoleLogger();
  logger.error("unhandled error", { error: error.message, stack: error.stack, path: c.req.path });
  return errorResponse(c, 500, "internal server error");
}

/** The app's `notFound`. */
export function handleNotFound(c: Context<HonoEnv>): Response {
  return errorResponse(c, 404, "not found");
}
