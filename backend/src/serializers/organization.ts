/**
 * @module
 * Sentry's organization JSON for the auth and organization-list endpoints.
 */
import { inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import type { PrincipalOrganization } from "../db/queries/principal.ts";
import { organizations } from "../db/schema/index.ts";

/** An organization as the auth and organization endpoints show it. */
export interface OrganizationJson {
  id: string;
  slug: string;
  name: string;
  dateCreated: string;
}

/** Organizations by id with their names, in the order given. */
export async function organizationsJson(db: Db, orgs: PrincipalOrganization[]): Promise<OrganizationJson[]> {
  if (orgs.length === 0) return [];
  const rows = await db
    .select()
    .from(organizations)
    .where(
      inArray(
        organizations.id,
        orgs.map((o) => o.id),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return orgs.flatMap((o) => {
    const r = byId.get(o.id);
    return r ? [{ id: String(r.id), slug: r.slug, name: r.name, dateCreated: r.createdAt.toISOString() }] : [];
  });
}
