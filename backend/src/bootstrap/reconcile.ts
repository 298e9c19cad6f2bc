/**
 * @module
 * Later starts: when BREAKWATER_BOOTSTRAP_* are set and differ from what is stored, the variables
 * win. The seeded key / token (label `bootstrap`) takes the new value, so the old one stops working;
 * an admin email that does not exist yet becomes a new owner of `default`.
 */
import { and, asc, eq } from "drizzle-orm";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { hashToken } from "../auth/token.ts";
import type { BootstrapConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import { apiTokens, memberships, projectKeys, users } from "../db/schema/index.ts";
import { BOOTSTRAP_LABEL, DEFAULT_PROJECT_ID } from "./constants.ts";

/** Applies the env values; returns the bootstrap key in use and what changed (names, no secrets). */
export async function reconcileBootstrap(
  db: Db,
  organizationId: number,
  b: BootstrapConfig,
): Promise<{ publicKey: string | null; changed: string[] }> {
  const changed: string[] = [];
  if (b.publicKey && (await upsertKey(db, b.publicKey))) changed.push("public key");
  if (b.apiToken && (await upsertToken(db, organizationId, b.apiToken))) changed.push("api token");
  if (b.adminEmail || b.adminPassword) changed.push(...(await upsertAdmin(db, organizationId, b)));
  const [key] = await db
    .select({ publicKey: projectKeys.publicKey })
    .from(projectKeys)
    .where(and(eq(projectKeys.projectId, DEFAULT_PROJECT_ID), eq(projectKeys.label, BOOTSTRAP_LABEL)))
    .orderBy(asc(projectKeys.id))
    .limit(1);
  return { publicKey: key?.publicKey ?? null, changed };
}

async function upsertKey(db: Db, publicKey: string): Promise<boolean> {
  const [existing] = await db.select().from(projectKeys).where(eq(projectKeys.publicKey, publicKey)).limit(1);
  if (existing) return false;
  const bootstrapKey = and(eq(projectKeys.projectId, DEFAULT_PROJECT_ID), eq(projectKeys.label, BOOTSTRAP_LABEL));
  const updated = await db
    .update(projectKeys)
    .set({ publicKey, status: "active", updatedAt: new Date() })
    .where(bootstrapKey)
    .returning({ id: projectKeys.id });
  if (updated.length === 0) {
    await db.insert(projectKeys).values({ projectId: DEFAULT_PROJECT_ID, publicKey, label: BOOTSTRAP_LABEL });
  }
  return true;
}

async function upsertToken(db: Db, organizationId: number, token: string): Promise<boolean> {
  const tokenHash = hashToken(token);
  const [existing] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).limit(1);
  if (existing) return false;
  const bootstrapToken = and(eq(apiTokens.organizationId, organizationId), eq(apiTokens.label, BOOTSTRAP_LABEL));
  const updated = await db.update(apiTokens).set({ tokenHash }).where(bootstrapToken).returning({ id: apiTokens.id });
  if (updated.length === 0) await db.insert(apiTokens).values({ organizationId, tokenHash, label: BOOTSTRAP_LABEL });
  return true;
}

/** The env admin (or, with only a password set, the first owner) exists, is owner, has that password. */
async function upsertAdmin(db: Db, organizationId: number, b: BootstrapConfig): Promise<string[]> {
  const changed: string[] = [];
  let user = b.adminEmail
    ? (await db.select().from(users).where(eq(users.email, b.adminEmail.toLowerCase())).limit(1))[0]
    : (
        await db
          .select({ user: users })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "owner")))
          .orderBy(asc(users.id))
          .limit(1)
      )[0]?.user;
  if (!user && b.adminEmail) {
    // A new email without a password gets an unusable hash: set a password to log in.
    const passwordHash = b.adminPassword ? await hashPassword(b.adminPassword) : "!";
    [user] = await db
      .insert(users)
      .values({ email: b.adminEmail.toLowerCase(), name: "Admin", passwordHash })
      .returning();
    changed.push("admin user");
  } else if (user && b.adminPassword && !(await verifyPassword(b.adminPassword, user.passwordHash))) {
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(b.adminPassword) })
      .where(eq(users.id, user.id));
    changed.push("admin password");
  }
  if (user) {
    await db
      .insert(memberships)
      .values({ organizationId, userId: user.id, role: "owner" })
      .onConflictDoUpdate({ target: [memberships.organizationId, memberships.userId], set: { role: "owner" } });
  }
  return changed;
}
