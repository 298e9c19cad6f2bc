/**
 * @module
 * Guards `/api/0/*` (except `POST /api/0/auth/login/`): `Authorization: Bearer <token>` must name
 * an API token or a live dashboard session (DESIGN 3.3). The caller becomes the request's
 * principal; every handler scopes its reads to the principal's organizations (routes/resolve.ts).
 */
import { createMiddleware } from "hono/factory";
import { isSessionToken } from "../auth/session-token.ts";
import { findTokenPrincipal } from "../db/queries/api-tokens.ts";
import { findSessionPrincipal } from "../db/queries/sessions.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";

/** The `{org}` segment of organization- and project-scoped paths, for sessions to pick their organization. */
const ORG_IN_PATH = /^\/api\/0\/(?:organizations|projects)\/([^/]+)/;

/** Paths that need no credentials (the login itself). */
const PUBLIC = /^\/api\/0\/auth\/login\/?$/;

/** 401 (Sentry's wording) without a token or with an unknown one. */
export const bearerAuth = createMiddleware<HonoEnv>(async (c, next) => {
  if (c.req.method === "POST" && PUBLIC.test(c.req.path)) return next();
  const header = c.req.header("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new ApiError({ code: "UNAUTHORIZED", detail: "Authentication credentials were not provided." });
  }
  const token = match[1];
  const db = c.var.services.db;
  const principal = isSessionToken(token)
    ? await findSessionPrincipal(db, token, decodeOrg(ORG_IN_PATH.exec(c.req.path)?.[1]))
    : await findTokenPrincipal(db, token);
  if (!principal) throw new ApiError({ code: "UNAUTHORIZED", detail: "Invalid token" });
  c.set("principal", principal);
  await next();
});

function decodeOrg(segment: string | undefined): string | null {
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
