/**
 * @module
 * The issue list's plan: issue-level terms (status, first/last seen, times seen) are answered by
 * Postgres, event-level terms (tags, release, environment, level, user, free text) by ONE
 * ClickHouse query that returns the matching issue ids (`./event-search.ts`); Postgres then
 * filters, sorts and pages within those ids. Sorts: `date` (last seen), `new` (first seen), `freq`
 * (times seen) with keyset pagination in Postgres; `user` (distinct users, from ClickHouse) is
 * ordered in memory over the matching ids, which are bounded by `MAX_CANDIDATES`.
 */
import type { Querier } from "../clickhouse/interface.ts";
import { userCountsOfProject } from "../clickhouse/issue-hourly.ts";
import type { Db } from "../db/client.ts";
import {
  getIssuesByIds,
  type IssueCursor,
  type IssueFilters,
  issueSortValue,
  listMatchingIssueIds,
  listProjectIssues,
} from "../db/queries/issues.ts";
import type { Issue, IssueStatus } from "../db/schema/index.ts";
import { type EventMatch, matchEvents } from "./event-search.ts";
import { hasEventTerms, type IssueSearch } from "./search.ts";

/** Sentry's issue list sorts. */
export const ISSUE_SORTS = ["date", "new", "freq", "user"] as const;
/** An issue list sort. */
export type IssueSort = (typeof ISSUE_SORTS)[number];

/** A page request. */
export interface IssueListRequest {
  projectId: number;
  search: IssueSearch;
  sort: IssueSort;
  cursor: IssueCursor | null;
  limit: number;
}

/** A page. */
export interface IssueListPage {
  rows: Issue[];
  /** More rows beyond the page in the paging direction. */
  more: boolean;
  /** The cursor value of an issue in this sort. */
  sortValue: (issue: Issue) => number;
  /** Counts over the events that matched the event terms; null when the search has none. */
  filtered: Map<number, EventMatch> | null;
}

function issueFilters(projectId: number, search: IssueSearch, ids: readonly number[] | null): IssueFilters {
  const statuses: IssueStatus[] = [];
  const seen: IssueFilters["seen"][number][] = [];
  const timesSeen: IssueFilters["timesSeen"][number][] = [];
  for (const t of search.terms) {
    if (t.kind === "status") statuses.push(...t.statuses);
    if (t.kind === "seen") seen.push({ field: t.field, op: t.op, ms: t.ms });
    if (t.kind === "timesSeen") timesSeen.push({ op: t.op, value: t.value });
  }
  return { projectId, statuses, seen, timesSeen, ids };
}

/** One page of a project's issues for a search. */
export async function listIssues(deps: { db: Db; events: Querier }, q: IssueListRequest): Promise<IssueListPage> {
  const eventTerms = hasEventTerms(q.search);
  const matches = eventTerms ? await matchEvents(deps.events, q.projectId, q.search.terms) : null;
  const filters = issueFilters(q.projectId, q.search, matches ? [...matches.keys()] : null);
  const filtered = matches;
  if (q.sort !== "user") {
    const sort = q.sort;
    const { rows, more } = await listProjectIssues(deps.db, { ...filters, sort, cursor: q.cursor, limit: q.limit });
    return { rows, more, sortValue: (issue) => issueSortValue(issue, sort), filtered };
  }
  // Users of the matching events when the search has event terms, else lifetime users (aggregates).
  const lifetime = matches ? null : await userCountsOfProject(deps.events, q.projectId);
  const users = (id: number) => (matches ? matches.get(id)?.users : lifetime?.get(id)) ?? 0;
  const ids = await listMatchingIssueIds(deps.db, filters);
  // users desc, id desc; a cursor marks the last row seen in that order.
  ids.sort((a, b) => users(b) - users(a) || b - a);
  const c = q.cursor;
  const after = (id: number) => (c ? users(id) < c.value || (users(id) === c.value && id < c.id) : true);
  const before = (id: number) => (c ? users(id) > c.value || (users(id) === c.value && id > c.id) : true);
  let pageIds: number[];
  let more: boolean;
  if (c?.direction === "prev") {
    const earlier = ids.filter(before);
    pageIds = earlier.slice(Math.max(0, earlier.length - q.limit));
    more = earlier.length > q.limit;
  } else {
    const later = ids.filter(after);
    pageIds = later.slice(0, q.limit);
    more = later.length > q.limit;
  }
  const rows = await getIssuesByIds(deps.db, q.projectId, pageIds);
  return { rows, more, sortValue: (issue) => users(issue.id), filtered };
}
