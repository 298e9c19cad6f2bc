/**
 * @module
 * API token lookups: tokens are found by their SHA-256, never compared in clear.
 */
import { eq } from "drizzle-orm";
import { hashToken } from "../../auth/token.ts";
import type { Db } from "../client.ts";
import { apiTokens, organizations } from "../schema/index.ts";

/** Who a valid token acts for. */
export interface TokenPrincipal {
  tokenId: number;
  organizationId: number;
  organizationSlug: string;
}

/** The principal of `token`, or null when no such token exists. */
export async function findTokenPrincipal(db: Db, token: string): Promise<TokenPrincipal | null> {
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      organizationId: apiTokens.organizationId,
      organizationSlug: organizations.slug,
    })
    .from(apiTokens)
    .innerJoin(organizations, eq(organizations.id, apiTokens.organizationId))
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .limit(1);
  return row ?? null;
}
