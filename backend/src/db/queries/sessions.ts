/**
 * @module
 * Dashboard sessions and the users behind them. Sessions are found by the SHA-256 of their token,
 * never compared in clear; an expired session is treated as missing (and deleted).
 */
import { and, asc, eq, gt, lte } from "drizzle-orm";
import { hashToken } from "../../auth/token.ts";
import type { Db } from "../client.ts";
import { memberships, organizations, sessions, type User, users } from "../schema/index.ts";
import type { Principal, PrincipalOrganization } from "./principal.ts";

/** The user with this email (case-insensitive), or null. */
export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row ?? null;
}

/** Stores a new session for `userId` under the hash of `token`. */
export async function createSession(db: Db, userId: number, token: string, expiresAt: Date): Promise<void> {
  await db.insert(sessions).values({ userId, tokenHash: hashToken(token), expiresAt });
}

/** Deletes the session of `token`; true when one existed. */
export async function deleteSession(db: Db, token: string): Promise<boolean> {
  const rows = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, hashToken(token)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Organizations of a user, oldest membership first (the first is the default one). */
export async function listUserOrganizations(db: Db, userId: number): Promise<PrincipalOrganization[]> {
  return db
    .select({ id: organizations.id, slug: organizations.slug })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(organizations.id));
}

/**
 * The principal of a live session token, or null (unknown or expired). `orgSlug` picks the
 * organization the request addresses when the user belongs to it.
 */
export async function findSessionPrincipal(
  db: Db,
  token: string,
  orgSlug: string | null,
  now: Date = new Date(),
): Promise<Principal | null> {
  const hash = hashToken(token);
  // One round trip: the session and its user's memberships (none → one row with null org).
  const rows = await db
    .select({ id: sessions.id, userId: sessions.userId, orgId: organizations.id, orgSlug: organizations.slug })
    .from(sessions)
    .leftJoin(memberships, eq(memberships.userId, sessions.userId))
    .leftJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, now)))
    .orderBy(asc(memberships.createdAt), asc(organizations.id));
  const row = rows[0];
  if (!row) {
    // Lazily drop the expired session (if that is why it was not found).
    await db.delete(sessions).where(and(eq(sessions.tokenHash, hash), lte(sessions.expiresAt, now)));
    return null;
  }
  const orgs = rows.flatMap((r) => (r.orgId !== null && r.orgSlug !== null ? [{ id: r.orgId, slug: r.orgSlug }] : []));
  // A user without any membership still has a session (GET /auth/ works), but sees no organization.
  const current = orgs.find((o) => o.slug === orgSlug) ?? orgs[0] ?? { id: 0, slug: "" };
  return {
    kind: "session",
    tokenId: row.id,
    userId: row.userId,
    organizationId: current.id,
    organizationSlug: current.slug,
    organizations: orgs,
  };
}

/** A user's id, email and name, as `GET /api/0/auth/` shows them. */
export async function getUser(db: Db, userId: number): Promise<Pick<User, "id" | "email" | "name"> | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}
