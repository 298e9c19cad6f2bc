/**
 * @module
 * Project lookups, always within the caller's organization.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { organizations, projects } from "../schema/index.ts";
import type { IssueProject } from "./issues.ts";

/**
 * The project `{orgSlug}/{projectSlug}` if it belongs to `organizationId`, else null. A slug of
 * another organization resolves to null as well: foreign and missing look the same.
 */
export async function findProjectBySlug(
  db: Db,
  organizationId: number,
  orgSlug: string,
  projectSlug: string,
): Promise<IssueProject | null> {
  const [row] = await db
    .select({
      id: projects.id,
      slug: projects.slug,
      name: projects.name,
      platform: projects.platform,
      organizationId: projects.organizationId,
      organizationSlug: organizations.slug,
    })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(and(eq(organizations.id, organizationId), eq(organizations.slug, orgSlug), eq(projects.slug, projectSlug)))
    .limit(1);
  return row ?? null;
}

/** Ids of every project of an organization, ascending. */
export async function listOrganizationProjectIds(db: Db, organizationId: number): Promise<number[]> {
  const rows = await db
    .select({ id: projects.id })
    .from(projects)
    .where(eq(projects.organizationId, organizationId))
    .orderBy(asc(projects.id));
  return rows.map((r) => r.id);
}
