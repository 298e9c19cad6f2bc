/**
 * @module
 * DSN keys of a project (Sentry's client keys): list, create, update, delete. Reads are scoped by
 * project; callers resolve the project within the caller's organization first.
 */
import { and, asc, eq } from "drizzle-orm";
import { generatePublicKey } from "../../auth/token.ts";
import type { Db } from "../client.ts";
import { type KeyStatus, type ProjectKey, projectKeys } from "../schema/index.ts";

/** Sentry's key rate limit: `count` events per `window` seconds. */
export interface KeyRateLimit {
  window: number;
  count: number;
}

/**
 * The key's rate limit, or null. As in Sentry, a zero count or window means no limit (Sentry's
 * `ProjectKey.rate_limit` and its serializer treat both as unset).
 */
export function keyRateLimit(key: Pick<ProjectKey, "rateLimitWindow" | "rateLimitCount">): KeyRateLimit | null {
  const { rateLimitWindow: window, rateLimitCount: count } = key;
  return window && count ? { window, count } : null;
}

/** A project's keys, oldest first; `status` narrows to active or disabled ones. */
export async function listProjectKeys(db: Db, projectId: number, status?: KeyStatus): Promise<ProjectKey[]> {
  return db
    .select()
    .from(projectKeys)
    .where(and(eq(projectKeys.projectId, projectId), status ? eq(projectKeys.status, status) : undefined))
    .orderBy(asc(projectKeys.id));
}

/** The key with public key `publicKey` if it belongs to `projectId`, else null. */
export async function findProjectKey(db: Db, projectId: number, publicKey: string): Promise<ProjectKey | null> {
  const [row] = await db
    .select()
    .from(projectKeys)
    .where(and(eq(projectKeys.projectId, projectId), eq(projectKeys.publicKey, publicKey)))
    .limit(1);
  return row ?? null;
}

/** Creates an active key with fresh public and secret keys. */
export async function createProjectKey(
  db: Db,
  projectId: number,
  opts: { label: string; rateLimit: KeyRateLimit | null },
): Promise<ProjectKey> {
  const [row] = await db
    .insert(projectKeys)
    .values({
      projectId,
      publicKey: generatePublicKey(),
      label: opts.label,
      rateLimitWindow: opts.rateLimit?.window ?? null,
      rateLimitCount: opts.rateLimit?.count ?? null,
    })
    .returning();
  if (!row) throw new Error("project key insert returned nothing");
  return row;
}

/** Fields `updateProjectKey` may change; absent = unchanged, `rateLimit: null` = no limit. */
export interface ProjectKeyPatch {
  label?: string;
  status?: KeyStatus;
  rateLimit?: KeyRateLimit | null;
}

/** Applies `patch` and returns the updated row (null if the key is gone). */
export async function updateProjectKey(db: Db, keyId: number, patch: ProjectKeyPatch): Promise<ProjectKey | null> {
  const set: Partial<typeof projectKeys.$inferInsert> = { updatedAt: new Date() };
  if (patch.label !== undefined) set.label = patch.label;
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.rateLimit !== undefined) {
    set.rateLimitWindow = patch.rateLimit?.window ?? null;
    set.rateLimitCount = patch.rateLimit?.count ?? null;
  }
  const [row] = await db.update(projectKeys).set(set).where(eq(projectKeys.id, keyId)).returning();
  return row ?? null;
}

/** Deletes a key (its key-scoped quotas go with it); true if it existed. */
export async function deleteProjectKey(db: Db, keyId: number): Promise<boolean> {
  const rows = await db.delete(projectKeys).where(eq(projectKeys.id, keyId)).returning({ id: projectKeys.id });
  return rows.length > 0;
}
