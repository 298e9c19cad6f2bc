/**
 * @module
 * The backend's REST API as the logged-in user: every call sends the session token as
 * `Authorization: Bearer`. Loaders use `get` (failures become route error responses); actions use
 * `send` and show a failed answer's `detail` next to the form.
 */
import { data } from "react-router";
import { getEnv } from "../utils/env.server.ts";
import { CSRF_FIELD, requireCsrf } from "./csrf.server.ts";
import { destroySession, redirectToLogin, requireUserSession, type UserSession } from "./session.server.ts";

/** How long one backend call may take. */
const TIMEOUT_MS = 15_000;

/** A backend answer. */
export interface ApiResult<T> {
  ok: boolean;
  status: number;
  headers: Headers;
  body: T;
  /** The error body's `detail` (plus its causes), or null on success. */
  detail: string | null;
}

/** Turns an error body (`{detail, causes}` or Sentry's per-field lists) into one line. */
export function errorDetail(body: unknown, status: number): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const causes = Array.isArray(b.causes) ? b.causes.filter((c): c is string => typeof c === "string") : [];
    if (typeof b.detail === "string") return causes.length > 0 ? `${b.detail}: ${causes.join("; ")}` : b.detail;
  }
  return `The backend answered ${status}`;
}

/** A client bound to one request's session. */
export class BackendApi {
  constructor(
    private readonly request: Request,
    readonly session: UserSession,
  ) {}

  /** One call; network failures answer as 502 with a detail instead of throwing. */
  async call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.session.token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(`${getEnv().backendUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      return { ok: false, status: 502, headers: new Headers(), body: null as T, detail: "The backend is unreachable" };
    }
    if (res.status === 401) {
      // The backend session ended (logout elsewhere, expiry): log out here too.
      throw redirectToLogin(this.request, { "Set-Cookie": await destroySession(this.request) });
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return {
      ok: res.ok,
      status: res.status,
      headers: res.headers,
      body: parsed as T,
      detail: res.ok ? null : errorDetail(parsed, res.status),
    };
  }

  /**
   * GET for loaders.
   * @throws a route error response (404 stays 404, other failures become 502/4xx with the detail)
   */
  async get<T>(path: string): Promise<{ body: T; headers: Headers }> {
    const r = await this.call<T>("GET", path);
    if (!r.ok) {
      const status = r.status === 404 ? 404 : r.status >= 500 ? 502 : r.status;
      throw data({ detail: r.detail }, { status });
    }
    return { body: r.body, headers: r.headers };
  }

  /** Like `get`, but null on 404 (for endpoints that may not exist on an older backend). */
  async getOptional<T>(path: string): Promise<T | null> {
    const r = await this.call<T>("GET", path);
    if (r.status === 404 || r.status === 405) return null;
    if (!r.ok) throw data({ detail: r.detail }, { status: r.status >= 500 ? 502 : r.status });
    return r.body;
  }
}

/** The API client for a loader (redirects to login without a session). */
export async function requireApi(request: Request): Promise<BackendApi> {
  return new BackendApi(request, await requireUserSession(request));
}

/**
 * For actions: the session, the parsed form and the API client, after the CSRF token check (the
 * origin check already ran in the root middleware).
 * @throws 403 on a missing or wrong CSRF token; a redirect to login without a session
 */
export async function requireAction(request: Request): Promise<{ api: BackendApi; form: FormData }> {
  const session = await requireUserSession(request);
  const form = await request.formData();
  requireCsrf(form, session.csrf);
  return { api: new BackendApi(request, session), form };
}

export { CSRF_FIELD };

/** Path segment encoding for slugs and ids taken from the URL. */
export const seg = (s: string | undefined): string => encodeURIComponent(s ?? "");
