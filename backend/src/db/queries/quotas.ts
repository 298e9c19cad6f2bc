/**
 * @module
 * Quota rows: read per organization / project, replaced per owner by the management API, and
 * collected per DSN key for project configs. Lists come back in row order (the order of the PUT that
 * wrote them).
 */
import type { Quota } from "@breakwater/core/quotas";
import { DataCategorySchema } from "@breakwater/core/quotas";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type NewQuotaRow, type QuotaRow, quotas } from "../schema/index.ts";

/** A row as core's `Quota` (what the edge evaluates). */
export function quotaFromRow(row: QuotaRow): Quota {
  return {
    id: row.id,
    // Stored names were validated on write; parsing keeps the type honest (unknown → `unknown`).
    categories: row.categories.map((c) => DataCategorySchema.parse(c)),
    scope: row.scope,
    limit: row.limit,
    window: row.windowSeconds,
    reasonCode: row.reasonCode,
  };
}

/** A quota of a project (project-scoped, or key-scoped with the key's row id). */
export interface ProjectQuotaInput {
  quota: Quota & { scope: "project" | "key" };
  /** `project_keys.id`, for key-scoped quotas. */
  keyId: number | null;
}

/** The organization-scoped quotas of an organization. */
export async function listOrganizationQuotas(db: Db, organizationId: number): Promise<QuotaRow[]> {
  return db
    .select()
    .from(quotas)
    .where(and(eq(quotas.organizationId, organizationId), eq(quotas.scope, "organization")))
    .orderBy(asc(quotas.pk));
}

/** The project- and key-scoped quotas of a project. */
export async function listProjectQuotas(db: Db, projectId: number): Promise<QuotaRow[]> {
  return db.select().from(quotas).where(eq(quotas.projectId, projectId)).orderBy(asc(quotas.pk));
}

function toRow(organizationId: number, projectId: number | null, keyId: number | null, q: Quota): NewQuotaRow {
  return {
    id: q.id,
    organizationId,
    projectId,
    keyId,
    scope: q.scope,
    categories: [...q.categories],
    limit: q.limit,
    windowSeconds: q.window,
    reasonCode: q.reasonCode,
  };
}

/** Replaces the organization-scoped quotas of an organization, in one transaction. */
export async function replaceOrganizationQuotas(
  db: Db,
  organizationId: number,
  list: readonly (Quota & { scope: "organization" })[],
): Promise<QuotaRow[]> {
  return db.transaction(async (tx) => {
    await tx.delete(quotas).where(and(eq(quotas.organizationId, organizationId), eq(quotas.scope, "organization")));
    if (list.length > 0) await tx.insert(quotas).values(list.map((q) => toRow(organizationId, null, null, q)));
    return listOrganizationQuotas(tx, organizationId);
  });
}

/** Replaces the project- and key-scoped quotas of a project, in one transaction. */
export async function replaceProjectQuotas(
  db: Db,
  project: { id: number; organizationId: number },
  list: readonly ProjectQuotaInput[],
): Promise<QuotaRow[]> {
  return db.transaction(async (tx) => {
    await tx.delete(quotas).where(eq(quotas.projectId, project.id));
    if (list.length > 0) {
      await tx
        .insert(quotas)
        .values(list.map(({ quota, keyId }) => toRow(project.organizationId, project.id, keyId, quota)));
    }
    return listProjectQuotas(tx, project.id);
  });
}

/**
 * Every stored quota that applies to any of the given organizations, projects or keys, in one
 * query: organization-scoped rows of `organizationIds`, project-scoped of `projectIds`, key-scoped of
 * `keyIds`.
 */
export async function quotasForScopes(
  db: Db,
  ids: { organizationIds: readonly number[]; projectIds: readonly number[]; keyIds: readonly number[] },
): Promise<QuotaRow[]> {
  if (ids.keyIds.length === 0) return [];
  return db
    .select()
    .from(quotas)
    .where(
      or(
        and(eq(quotas.scope, "organization"), inArray(quotas.organizationId, [...ids.organizationIds])),
        and(eq(quotas.scope, "project"), inArray(quotas.projectId, [...ids.projectIds])),
        and(eq(quotas.scope, "key"), inArray(quotas.keyId, [...ids.keyIds])),
      ),
    )
    .orderBy(asc(quotas.pk));
}
