/**
 * @module
 * Counting failed logins for the login rate limit (see `auth/login-limit.ts`).
 */
import { and, count, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { loginFailures } from "../schema/index.ts";

/** Failures within the window: for this (email, ip) pair and for the email from any address. */
export async function countLoginFailures(
  db: Db,
  email: string,
  ip: string,
  since: Date,
): Promise<{ pair: number; email: number }> {
  const [row] = await db
    .select({
      email: count(),
      pair: sql<number>`count(*) filter (where ${loginFailures.ip} = ${ip})`.mapWith(Number),
    })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.failedAt, since)));
  return { pair: row?.pair ?? 0, email: row?.email ?? 0 };
}

/** Records one failure and forgets the email's failures older than the window. */
export async function recordLoginFailure(db: Db, email: string, ip: string, windowStart: Date): Promise<void> {
  await db.insert(loginFailures).values({ email, ip });
  await db.delete(loginFailures).where(and(eq(loginFailures.email, email), lt(loginFailures.failedAt, windowStart)));
}

/** A successful login clears the failures of its (email, ip) pair. */
export async function clearLoginFailures(db: Db, email: string, ip: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.ip, ip)));
}
