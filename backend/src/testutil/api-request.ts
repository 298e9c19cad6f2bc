/**
 * @module
 * JSON requests against the harness app, as the dashboard and API clients send them.
 */
import type { Harness } from "./harness.ts";

/** Sends `body` (if any) as JSON with the seeded token (or `auth`); returns the raw response. */
export async function apiRequest(
  h: Harness,
  method: string,
  path: string,
  body?: unknown,
  auth: { Authorization: string } = h.auth,
): Promise<Response> {
  return h.app.request(path, {
    method,
    headers: { ...auth, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
