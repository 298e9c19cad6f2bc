/**
 * @module
 * Project lookups, always within the caller's organization.
 */
import { and, asc, eq, ne } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type Organization, organizations, type Project, projects } from "../schema/index.ts";
import { ISSUE_PROJECT_COLUMNS, type IssueProject } from "./issues.ts";

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
    .select(ISSUE_PROJECT_COLUMNS)
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

/** A project with its organization, for the project details API. */
export interface ProjectWithOrganization {
  project: Project;
  organization: Pick<Organization, "id" | "slug" | "name">;
}

/** The project `projectId` and its organization, or null. */
export async function getProjectWithOrganization(db: Db, projectId: number): Promise<ProjectWithOrganization | null> {
  const [row] = await db
    .select({
      project: projects,
      organization: { id: organizations.id, slug: organizations.slug, name: organizations.name },
    })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(eq(projects.id, projectId))
    .limit(1);
  return row ?? null;
}

/** Another project of the organization that already uses `slug`, or null. */
export async function findOtherProjectWithSlug(
  db: Db,
  organizationId: number,
  slug: string,
  exceptProjectId: number,
): Promise<Pick<Project, "id" | "name"> | null> {
  const [row] = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.organizationId, organizationId), eq(projects.slug, slug), ne(projects.id, exceptProjectId)))
    .limit(1);
  return row ?? null;
}

/** Fields of a project that its owners may change. */
export type ProjectPatch = Partial<Pick<Project, "name" | "slug" | "platform">>;

/** The new slug is taken by another project of the organization (a concurrent rename won the race). */
export class ProjectSlugTakenError extends Error {
  readonly code = "PROJECT_SLUG_TAKEN";
  constructor(readonly slug: string) {
    super(`project slug ${JSON.stringify(slug)} is taken`);
    this.name = "ProjectSlugTakenError";
  }
}

/** True for Postgres' unique violation (SQLSTATE 23505) anywhere in the cause chain. */
function isUniqueViolation(e: unknown): boolean {
  for (let cause: unknown = e, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if ((cause as { code?: unknown }).code === "23505") return true;
    cause = cause.cause;
  }
  return false;
}

/**
 * Applies `patch` to a project (a no-op when empty).
 * @throws ProjectSlugTakenError when `patch.slug` belongs to another project of the organization
 */
export async function updateProject(db: Db, projectId: number, patch: ProjectPatch): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  try {
    await db
      .update(projects)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(projects.id, projectId));
  } catch (e) {
    if (patch.slug !== undefined && isUniqueViolation(e)) throw new ProjectSlugTakenError(patch.slug);
    throw e;
  }
}
