/**
 * @module
 * Issue reads and status changes for the REST API. Every read is scoped by organization or project
 * so that a token never sees another organization's issues.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
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

/** The select list of an {@link IssueProject} (join `organizations` on the project's organization). */
export const ISSUE_PROJECT_COLUMNS = {
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
    .select({ issue: issues, project: ISSUE_PROJECT_COLUMNS })
    .from(issues)
    .innerJoin(projects, eq(projects.id, issues.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .where(and(eq(issues.id, issueId), eq(projects.organizationId, organizationId)))
    .limit(1);
  return row ?? null;
}

/** Sort orders of the issue list that Postgres answers (Sentry's `date`, `new`, `freq`). */
export type IssueSortColumn = "date" | "new" | "freq";

const SORT_COLUMNS = { date: issues.lastSeen, new: issues.firstSeen, freq: issues.timesSeen } as const;

/** The sort value of an issue (ms for dates), as cursors carry it. */
export function issueSortValue(issue: Issue, sort: IssueSortColumn): number {
  if (sort === "date") return issue.lastSeen.getTime();
  if (sort === "new") return issue.firstSeen.getTime();
  return issue.timesSeen;
}

/** Position in the issue list (sort value desc, id desc); `direction: "prev"` pages backwards. */
export interface IssueCursor {
  value: number;
  id: number;
  direction: "next" | "prev";
}

/** A comparison of the search syntax. */
type Comparison = ">" | ">=" | "<" | "<=" | "=";

/** Issue-level filters (the Postgres side of a search). */
export interface IssueFilters {
  projectId: number;
  /** Empty = any status. */
  statuses: readonly IssueStatus[];
  seen: readonly { field: "firstSeen" | "lastSeen"; op: Comparison; ms: number }[];
  timesSeen: readonly { op: Comparison; value: number }[];
  /** Only these issues (the ClickHouse side's answer); null = no restriction. */
  ids: readonly number[] | null;
}

/** Filters and page of `listProjectIssues`. */
export interface IssueListQuery extends IssueFilters {
  sort: IssueSortColumn;
  cursor: IssueCursor | null;
  limit: number;
}

const COMPARE = { ">": gt, ">=": gte, "<": lt, "<=": lte, "=": eq } as const;

/** A Postgres array literal of integer ids (checked, so the text cannot carry anything else). */
function idArray(ids: readonly number[]): string {
  if (!ids.every((id) => Number.isSafeInteger(id))) throw new RangeError("issue ids must be integers");
  return `{${ids.join(",")}}`;
}

function filterConditions(f: IssueFilters): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [eq(issues.projectId, f.projectId)];
  if (f.statuses.length > 0) where.push(inArray(issues.status, [...f.statuses]));
  for (const s of f.seen)
    where.push(COMPARE[s.op](s.field === "firstSeen" ? issues.firstSeen : issues.lastSeen, new Date(s.ms)));
  for (const t of f.timesSeen) where.push(COMPARE[t.op](issues.timesSeen, t.value));
  // One array parameter rather than one parameter per id: candidate lists run to thousands.
  if (f.ids) where.push(f.ids.length > 0 ? sql`${issues.id} = ANY(${idArray(f.ids)}::bigint[])` : sql`false`);
  return where;
}

/**
 * One page of a project's issues in `sort` order (descending, then id descending), plus whether
 * more rows lie beyond the page in the paging direction (keyset pagination: stable while new
 * events arrive).
 */
export async function listProjectIssues(db: Db, q: IssueListQuery): Promise<{ rows: Issue[]; more: boolean }> {
  const where = filterConditions(q);
  const column = SORT_COLUMNS[q.sort];
  const c = q.cursor;
  const back = c?.direction === "prev";
  if (c) {
    const at = q.sort === "freq" ? c.value : new Date(c.value);
    const cmp = back ? gt : lt;
    where.push(or(cmp(column, at), and(eq(column, at), cmp(issues.id, c.id))));
  }
  const order = back ? [asc(column), asc(issues.id)] : [desc(column), desc(issues.id)];
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

/** Ids of every issue that passes `filters` (for orders Postgres cannot compute, e.g. by users). */
export async function listMatchingIssueIds(db: Db, filters: IssueFilters): Promise<number[]> {
  const rows = await db
    .select({ id: issues.id })
    .from(issues)
    .where(and(...filterConditions(filters)));
  return rows.map((r) => r.id);
}

/** Issues by id, in the order of `ids` (missing ones skipped). */
export async function getIssuesByIds(db: Db, projectId: number, ids: readonly number[]): Promise<Issue[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(issues)
    .where(and(eq(issues.projectId, projectId), inArray(issues.id, [...ids])));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
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
