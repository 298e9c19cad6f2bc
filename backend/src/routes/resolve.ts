/**
 * @module
 * Path parameters → resources, scoped to the caller's organization. A resource of another
 * organization answers 404 exactly like a missing one, so tokens cannot probe for existence.
 */
import { findIssueInOrganization, type IssueProject, type IssueWithProject } from "../db/queries/issues.ts";
import { findProjectKey } from "../db/queries/project-keys.ts";
import { findProjectBySlug, listOrganizationProjectIds } from "../db/queries/projects.ts";
import type { ProjectKey } from "../db/schema/index.ts";
import { ApiError, notFound } from "../errors/http.ts";
import type { Context } from "../hono/env.ts";
import { parseShortId } from "../issues/short-id.ts";

/** The project `{org}/{project}` of the caller's organization, else 404. */
export async function resolveProject(c: Context, orgSlug: string, projectSlug: string): Promise<IssueProject> {
  const { principal, services } = c.var;
  const project = await findProjectBySlug(services.db, principal.organizationId, orgSlug, projectSlug);
  if (!project) throw notFound();
  return project;
}

/** The caller's organization if `{org}` names it, else 404 (another organization looks missing). */
export function resolveOrganization(c: Context, orgSlug: string): { id: number; slug: string } {
  const { principal } = c.var;
  if (principal.organizationSlug !== orgSlug) throw notFound();
  return { id: principal.organizationId, slug: principal.organizationSlug };
}

/**
 * The project ids an organization-wide query reads: the `requested` ones when all belong to the
 * organization (else 403, as Sentry answers a foreign `project` parameter), or all of them for `null`.
 */
export async function resolveOrganizationProjectIds(
  c: Context,
  organizationId: number,
  requested: readonly number[] | null,
): Promise<number[]> {
  const own = await listOrganizationProjectIds(c.var.services.db, organizationId);
  if (requested === null) return own;
  if (requested.some((id) => !own.includes(id))) {
    throw new ApiError({ code: "FORBIDDEN", detail: "You do not have permission to perform this action." });
  }
  return [...requested];
}

/** The DSN key `{key_id}` (its public key, as in Sentry) of `project`, else 404. */
export async function resolveProjectKey(c: Context, project: IssueProject, publicKey: string): Promise<ProjectKey> {
  const key = await findProjectKey(c.var.services.db, project.id, publicKey);
  if (!key) throw notFound();
  return key;
}

/** The issue named by a numeric id or a short id (`DEFAULT-1A`), else 404. */
export async function resolveIssue(c: Context, param: string): Promise<IssueWithProject> {
  const { principal, services } = c.var;
  const short = /^\d+$/.test(param) ? null : parseShortId(param);
  const issueId = short ? short.issueId : /^\d{1,15}$/.test(param) ? Number(param) : null;
  if (issueId === null) throw notFound();
  // A session may span several organizations; issue paths name none, so look in each (usually one).
  let found: IssueWithProject | null = null;
  for (const org of principal.organizations) {
    found = await findIssueInOrganization(services.db, org.id, issueId);
    if (found) break;
  }
  if (!found || (short && found.project.slug !== short.projectSlug)) throw notFound();
  return found;
}
