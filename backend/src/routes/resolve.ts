/**
 * @module
 * Path parameters → resources, scoped to the caller's organization. A resource of another
 * organization answers 404 exactly like a missing one, so tokens cannot probe for existence.
 */
import { findIssueInOrganization, type IssueProject, type IssueWithProject } from "../db/queries/issues.ts";
import { findProjectBySlug } from "../db/queries/projects.ts";
import { notFound } from "../errors/http.ts";
import type { Context } from "../hono/env.ts";
import { parseShortId } from "../issues/short-id.ts";

/** The project `{org}/{project}` of the caller's organization, else 404. */
export async function resolveProject(c: Context, orgSlug: string, projectSlug: string): Promise<IssueProject> {
  const { principal, services } = c.var;
  const project = await findProjectBySlug(services.db, principal.organizationId, orgSlug, projectSlug);
  if (!project) throw notFound();
  return project;
}

/** The issue named by a numeric id or a short id (`DEFAULT-1A`), else 404. */
export async function resolveIssue(c: Context, param: string): Promise<IssueWithProject> {
  const { principal, services } = c.var;
  const short = /^\d+$/.test(param) ? null : parseShortId(param);
  const issueId = short ? short.issueId : /^\d{1,15}$/.test(param) ? Number(param) : null;
  if (issueId === null) throw notFound();
  const found = await findIssueInOrganization(services.db, principal.organizationId, issueId);
  if (!found || (short && found.project.slug !== short.projectSlug)) throw notFound();
  return found;
}
