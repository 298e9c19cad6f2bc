/**
 * @module
 * CSRF protection for every action, two independent checks:
 * 1. Origin: a state-changing request whose `Origin` (or, without one, `Referer`) is another origin
 *    than the dashboard's is refused, before anything else (`checkOrigin`, run for every non-GET
 *    request by the root middleware). Browsers always send `Origin` on cross-origin POSTs.
 * 2. Token: each session has a random CSRF token (in the signed, HttpOnly session cookie); every
 *    form carries it in a hidden `csrf` field and actions compare it in constant time
 *    (`requireCsrf`). A forged form cannot know it.
 * With `SameSite=Lax` on the cookie a cross-site POST does not even carry the session; the checks
 * above keep that true for same-site attackers (another port or subdomain) and older browsers.
 */
import { timingSafeEqual } from "node:crypto";
import { data } from "react-router";
import { isHttps } from "./session.server.ts";

/** Name of the hidden form field. */
export const CSRF_FIELD = "csrf";

/** The origin the browser sees for this request (honours `X-Forwarded-Proto`/`-Host` of a proxy). */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("X-Forwarded-Host")?.split(",")[0]?.trim() || url.host;
  return `${isHttps(request) ? "https" : "http"}://${host}`;
}

/** Why a request fails the origin check, or null when it passes. */
export function originProblem(request: Request): string | null {
  if (request.method === "GET" || request.method === "HEAD") return null;
  const origin = request.headers.get("Origin");
  const expected = requestOrigin(request);
  if (origin !== null) return origin === expected ? null : `cross-origin request from ${origin}`;
  const referer = request.headers.get("Referer");
  if (referer !== null) {
    try {
      return new URL(referer).origin === expected ? null : "cross-origin referer";
    } catch {
      return "malformed referer";
    }
  }
  // Neither header: not a browser form post (browsers send Origin on every POST since 2020);
  // the CSRF token still has to match.
  return null;
}

/** @throws 403 when the request comes from another origin */
export function checkOrigin(request: Request): void {
  const problem = originProblem(request);
  if (problem) throw data({ detail: `Forbidden: ${problem}` }, { status: 403 });
}

/** True when `given` equals the session's token (constant time). */
export function csrfMatches(expected: string, given: FormDataEntryValue | null): boolean {
  if (typeof given !== "string" || given.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** @throws 403 unless the form's `csrf` field matches the session's token */
export function requireCsrf(form: FormData, expected: string): void {
  if (!csrfMatches(expected, form.get(CSRF_FIELD))) {
    throw data({ detail: "Forbidden: missing or wrong CSRF token. Reload the page and try again." }, { status: 403 });
  }
}
