/**
 * @module
 * Helpers for alert tests: JSON requests against the harness app.
 */
import { apiRequest } from "./api-request.ts";
import type { Harness } from "./harness.ts";

/** Sends a JSON request with the seeded token (or `auth`); returns status and parsed body. */
export async function apiJson<T = unknown>(
  h: Harness,
  method: string,
  path: string,
  body?: unknown,
  auth: { Authorization: string } = h.auth,
): Promise<{ status: number; body: T }> {
  const res = await apiRequest(h, method, path, body, auth);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
