/**
 * @module
 * API token lookups: tokens are found by their SHA-256, never compared in clear.
 */
import { eq } from "drizzle-orm";
import { hashToken } from "../../auth/token.ts";
import type { Db } from "../client.ts";
import { apiTokens, organizations } from "../schema/index.ts";
import type { Principal } from "./principal.ts";

/** The principal of `token`, or null when no such token exists. */
export async function findTokenPrincipal(db: Db, token: string): Promise<Principal | null> {
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      userId: apiTokens.userId,
      organizationId: apiTokens.organizationId,
      organizationSlug: organizations.slug,
    })
    .from(apiTokens)
    .innerJoin(organizations, eq(organizations.id, apiTokens.organizationId))
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return null;
  return {
    kind: "token",
    ...row,
    organizations: [{ id: row.organizationId, slug: row.organizationSlug }],
  };
}
