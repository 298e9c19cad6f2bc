/**
 * @module
 * Issue reads and status changes for the REST API. Every read is scoped by organization or project
 * so that a token never sees another organization's issues.
 */
import { and, asc, desc, eq, gt, ilike, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type Issue, type IssueStatus, type IssueSubstatus, issues, organizations, projects } from "../schema/index.ts";

/** The project (and its organization) an issue belongs to: what the serializers need. */
export interface IssueProject {
  id: number;
  slug: string;
  name: string;
  platform: string;
  organizationId: number;
  organizationSlug: string;
}

/** An issue with its project. */
export interface IssueWithProject {
  issue: Issue;
  project: IssueProject;
}

const projectColumns = {
  id: projects.id,
  slug: projects.slug,
  name: projects.name,
  platform: projects.platform,
  organizationId: projects.organizationId,
  organizationSlug: organizations.slug,
};

/** An issue if it exists and belongs to `organizationId`, else null (foreign = not found). */
export async function findIssueInOrganization(
  db: Db,
  organizationId: number,
  issueId: number,
): Promise<IssueWithProject | null> {
  const [row] = await db
    .select({ issue: issues, project: projectColumns })
    .from(issues)
    .innerJoin(projects, eq(projects.id, issues.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(and(eq(issues.id, issueId), eq(projects.organizationId, organizationId)))
    .limit(1);
  return row ?? null;
}

/** Position in the issue list (last_seen desc, id desc); `direction: "prev"` pages backwards. */
export interface IssueCursor {
  lastSeenMs: number;
  id: number;
  direction: "next" | "prev";
}

/** Filters and page of `listProjectIssues`. */
export interface IssueListQuery {
  projectId: number;
  /** Empty = any status. */
  statuses: readonly IssueStatus[];
  /** Case-insensitive substring of the title; empty = no filter. */
  text: string;
  cursor: IssueCursor | null;
  limit: number;
}

/** `%`, `_` and `\` are LIKE metacharacters: a search for "100%" must match the literal text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of a project's issues, most recently seen first, plus whether more rows lie beyond the
 * page in the paging direction (keyset pagination: stable while new events arrive).
 */
export async function listProjectIssues(db: Db, q: IssueListQuery): Promise<{ rows: Issue[]; more: boolean }> {
  const where: (SQL | undefined)[] = [eq(issues.projectId, q.projectId)];
  if (q.statuses.length > 0) where.push(inArray(issues.status, [...q.statuses]));
  if (q.text) where.push(ilike(issues.title, likePattern(q.text)));
  const c = q.cursor;
  const back = c?.direction === "prev";
  if (c) {
    const at = new Date(c.lastSeenMs);
    const cmp = back ? gt : lt;
    where.push(or(cmp(issues.lastSeen, at), and(eq(issues.lastSeen, at), cmp(issues.id, c.id))));
  }
  const order = back ? [asc(issues.lastSeen), asc(issues.id)] : [desc(issues.lastSeen), desc(issues.id)];
  const rows = await db
    .select()
    .from(issues)
    .where(and(...where))
    .orderBy(...order)
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  return { rows: back ? page.reverse() : page, more };
}

/** The columns a status change sets: Sentry's substatus and the `resolved_at` stamp. */
export function statusChange(status: IssueStatus): Pick<Issue, "status" | "substatus" | "resolvedAt"> {
  const substatus: IssueSubstatus | null =
    status === "resolved" ? null : status === "ignored" ? "archived_forever" : "ongoing";
  return { status, substatus, resolvedAt: status === "resolved" ? new Date() : null };
}

/** Sets an issue's status with Sentry's substatus and stamps `resolved_at`; returns the new row. */
export async function setIssueStatus(db: Db, issueId: number, status: IssueStatus): Promise<Issue | null> {
  const [row] = await db.update(issues).set(statusChange(status)).where(eq(issues.id, issueId)).returning();
  return row ?? null;
}
