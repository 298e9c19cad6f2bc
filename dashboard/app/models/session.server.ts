/**
 * @module
 * The dashboard's session cookie. It holds the backend session token (from `POST /api/0/auth/login/`,
 * stored in Postgres by the backend) sealed with AES-GCM (token-box.server.ts), and this session's
 * CSRF token; the cookie is signed with `BREAKWATER_SESSION_SECRET`. Cookie: `__bw_session`, `HttpOnly` (scripts cannot read the token),
 * `SameSite=Lax` (sent on top-level navigations from other sites, so a link to an issue from chat
 * opens logged in, but never on cross-site POSTs or subrequests), `Secure` when the dashboard is
 * served over https (directly or behind a proxy that sets `X-Forwarded-Proto: https`), `Path=/`,
 * 14 days (the backend session's lifetime).
 */
import { randomBytes } from "node:crypto";
import { createCookieSessionStorage, redirect, type Session, type SessionStorage } from "react-router";
import { getEnv } from "../utils/env.server.ts";
import { openToken, sealToken } from "./token-box.server.ts";

/** Name of the session cookie. */
export const SESSION_COOKIE = "__bw_session";
/** Cookie lifetime, seconds: the backend session's 14 days. */
const MAX_AGE_S = 14 * 24 * 3600;

/** What the cookie carries. */
export interface SessionData {
  /** Backend session token (`bws_…`), sealed (`sealToken`); sent as `Authorization: Bearer`. */
  token: string;
  /** Per-session CSRF token, echoed by every form (see csrf.server.ts). */
  csrf: string;
  /** The user's email, for the header. */
  email: string;
}

type Storage = SessionStorage<SessionData>;
const storages = new Map<boolean, Storage>();

/** True when the browser reached us over https (directly or through a TLS-terminating proxy). */
export function isHttps(request: Request): boolean {
  const proto = request.headers.get("X-Forwarded-Proto")?.split(",")[0]?.trim();
  return proto ? proto === "https" : new URL(request.url).protocol === "https:";
}

function storageFor(request: Request): Storage {
  const secure = isHttps(request);
  let storage = storages.get(secure);
  if (!storage) {
    storage = createCookieSessionStorage<SessionData>({
      cookie: {
        name: SESSION_COOKIE,
        httpOnly: true,
        sameSite: "lax",
        secure,
        path: "/",
        maxAge: MAX_AGE_S,
        secrets: getEnv().sessionSecrets,
      },
    });
    storages.set(secure, storage);
  }
  return storage;
}

/** The request's session (empty when there is no valid cookie). */
export function getSession(request: Request): Promise<Session<SessionData>> {
  return storageFor(request).getSession(request.headers.get("Cookie"));
}

/** `Set-Cookie` for a new logged-in session with a fresh CSRF token. */
export async function commitNewSession(request: Request, data: Omit<SessionData, "csrf">): Promise<string> {
  const session = await storageFor(request).getSession();
  session.set("token", sealToken(data.token, getEnv().sessionSecrets));
  session.set("email", data.email);
  session.set("csrf", randomBytes(32).toString("base64url"));
  return storageFor(request).commitSession(session);
}

/** `Set-Cookie` that deletes the session cookie. */
export async function destroySession(request: Request): Promise<string> {
  const storage = storageFor(request);
  return storage.destroySession(await storage.getSession(request.headers.get("Cookie")));
}

/** A logged-in user's session data. */
export interface UserSession {
  token: string;
  csrf: string;
  email: string;
}

/**
 * The logged-in session, or a redirect to the login page that comes back here afterwards.
 * @throws Response (302 to /login?redirectTo=…) when there is no session
 */
export async function requireUserSession(request: Request): Promise<UserSession> {
  const session = await getSession(request);
  const sealed = session.get("token");
  const csrf = session.get("csrf");
  const token = sealed ? openToken(sealed, getEnv().sessionSecrets) : null;
  if (!token || !csrf) throw redirectToLogin(request);
  return { token, csrf, email: session.get("email") ?? "" };
}

/** 302 to the login page, remembering where the user was going (GET requests only). */
export function redirectToLogin(request: Request, headers?: HeadersInit): Response {
  const url = new URL(request.url);
  const back = request.method === "GET" ? `${url.pathname}${url.search}` : "";
  const target = back && back !== "/" ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login";
  return redirect(target, { headers });
}

/** `redirectTo` if it is a path on this site, else `/` (no open redirects). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return "/";
  return to;
}
