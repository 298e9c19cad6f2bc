/**
 * @module
 * Dashboard session tokens. The `bws_` prefix tells the bearer middleware which table to look in
 * (API tokens are bare hex), so a request costs one lookup either way.
 */
import { randomBytes } from "node:crypto";

/** Prefix of every session token. */
export const SESSION_TOKEN_PREFIX = "bws_";

/** How long a session lasts after login: 14 days, absolute (Sentry's default session age). */
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

/** A new session token: the prefix and 64 hex (256 bits). */
export function generateSessionToken(): string {
  return `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString("hex")}`;
}

/** True when `token` has the shape of a session token. */
export function isSessionToken(token: string): boolean {
  return token.startsWith(SESSION_TOKEN_PREFIX);
}
