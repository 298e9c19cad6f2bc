/**
 * @module
 * Reading the few event fields filters look at. `request.headers` is free-form after normalization:
 * SDKs send it as an object or as a list of `[name, value]` pairs, so lookups handle both.
 */
import type { Event } from "../schema/index.ts";

/**
 * The first value of header `name` (case-insensitive) in `request.headers`, if it is a string.
 * @example
 * getHeader(event, "user-agent") // "Mozilla/5.0 …", from `{ "User-Agent": … }` or `[["User-Agent", …]]`
 */
export function getHeader(event: Event, name: string): string | undefined {
  const headers = event.request?.headers;
  const wanted = name.toLowerCase();
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (Array.isArray(pair) && String(pair[0]).toLowerCase() === wanted && typeof pair[1] === "string") {
        return pair[1];
      }
    }
    return undefined;
  }
  if (headers && typeof headers === "object") {
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() === wanted && typeof value === "string") return value;
    }
  }
  return undefined;
}

/**
 * The user agent of the browser the event describes: the event's own `User-Agent` header (what
 * browser SDKs send, and what server SDKs record for the end user), else the HTTP request's.
 * @example
 * getUserAgent(event, { userAgent: request.headers.get("user-agent") ?? undefined })
 */
export function getUserAgent(event: Event, ctx: { userAgent?: string }): string | undefined {
  return getHeader(event, "user-agent") ?? ctx.userAgent;
}
