/**
 * @module
 * Login rate limit: after `MAX_FAILURES_PER_PAIR` failed logins for one email from one client
 * address within `WINDOW_MS`, further attempts for that pair answer 429 until the window has
 * passed, whether the password is right or not. An address can be spoofed where the backend trusts
 * `X-Forwarded-For`, so the email alone is also capped (`MAX_FAILURES_PER_EMAIL`, from any address):
 * guessing stays bounded even when each attempt claims a new address.
 */

import type { Db } from "../db/client.ts";
import { clearLoginFailures, countLoginFailures, recordLoginFailure } from "../db/queries/login-failures.ts";

/** Window of the failure counts: 15 minutes. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures of one (email, address) pair within the window before 429. */
export const MAX_FAILURES_PER_PAIR = 5;
/** Failures of one email from any address within the window before 429. */
export const MAX_FAILURES_PER_EMAIL = 20;

/** The verdict of `checkLoginLimit`. */
export type LoginLimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Whether this pair may try to log in now. */
export async function checkLoginLimit(db: Db, email: string, ip: string, now = Date.now()): Promise<LoginLimitVerdict> {
  const counts = await countLoginFailures(db, email, ip, new Date(now - LOGIN_WINDOW_MS));
  if (counts.pair >= MAX_FAILURES_PER_PAIR || counts.email >= MAX_FAILURES_PER_EMAIL) {
    // The oldest failure leaves the window at most WINDOW from now: a safe upper bound.
    return { limited: true, retryAfterSeconds: Math.ceil(LOGIN_WINDOW_MS / 1000) };
  }
  return { limited: false };
}

/** Records the outcome of an attempt that was not limited. */
export async function recordLoginAttempt(db: Db, email: string, ip: string, ok: boolean, now = Date.now()) {
  if (ok) await clearLoginFailures(db, email, ip);
  else await recordLoginFailure(db, email, ip, new Date(now - LOGIN_WINDOW_MS));
}
