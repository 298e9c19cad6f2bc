/**
 * @module
 * The query executor's refusals as HTTP answers, shared by every route that reads ClickHouse
 * through it: 429 with `Retry-After` when the organization's query slots and queue are full, 504
 * past the time limit. `app.onError` answers `QueryLimitError` / `QueryTimeoutError` with these.
 */
import { ApiError } from "../errors/http.ts";
import type { Context } from "../hono/env.ts";

/** The 429 answer (with `Retry-After`). */
export function tooManyQueries(c: Context, retryAfter: number): Response {
  const error = new ApiError({ code: "TOO_MANY_REQUESTS", detail: "Too many concurrent queries; retry shortly." });
  return c.json(error.body(c.get("requestId")), 429, { "Retry-After": String(retryAfter) });
}

/** The 504 error. */
export const queryTimedOut = (): ApiError =>
  new ApiError({ code: "GATEWAY_TIMEOUT", detail: "The query took too long." });
