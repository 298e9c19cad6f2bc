/**
 * @module
 * The ingest side of issues: one upsert statement per batch (DESIGN 4: "times_seen and last_seen are
 * applied per batch, one statement, never per event"), then the hash → issue links.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { pgSafeJson, pgSafeText } from "../pg-text.ts";
import { type IssueMetadataJson, issueHashes, issues } from "../schema/index.ts";

/** One issue's share of a batch, aggregated in JS so each (project, hash) appears once. */
export interface IssueAggregate {
  projectId: number;
  hash: string;
  /** Events of this batch in the issue. */
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  /** From the batch's most recent event. */
  level: string;
  title: string;
  culprit: string;
  type: "error" | "default";
  metadata: IssueMetadataJson;
  /** From the batch's earliest event that has a release. */
  firstRelease: string | null;
}

/** What the upsert left an issue as (the alert rules read it). */
export interface UpsertedIssue {
  id: number;
  /** The row was created by this batch. */
  inserted: boolean;
  status: string;
  /** After this batch. */
  timesSeen: number;
  title: string;
  culprit: string;
  level: string;
}

/** `${projectId}:${hash}`: the key of `upsertIssues`' result. */
export const issueKey = (projectId: number, hash: string): string => `${projectId}:${hash}`;

// Shorthands for the conflict clause: the existing row is `issues`, the proposed one `excluded`.
const newer = sql`excluded.last_seen >= ${issues.lastSeen}`;
const regressed = sql`${issues.status} = 'resolved' AND excluded.last_seen > coalesce(${issues.resolvedAt}, '-infinity')`;

/**
 * Creates or updates the issues of a batch in ONE statement and returns their ids.
 *
 * On conflict the counters add up, first/last seen widen, title/culprit/level follow the most recent
 * event, and a resolved issue that sees an event newer than its resolution reopens as `regressed`
 * (Sentry's regression rule).
 * @returns the issue after the upsert by `issueKey(projectId, hash)`
 */
export async function upsertIssues(db: Db, aggregates: readonly IssueAggregate[]): Promise<Map<string, UpsertedIssue>> {
  if (aggregates.length === 0) return new Map();
  const rows = await db
    .insert(issues)
    .values(
      aggregates.map((a) => ({
        projectId: a.projectId,
        primaryHash: a.hash,
        status: "unresolved" as const,
        substatus: "new" as const,
        firstSeen: a.firstSeen,
        lastSeen: a.lastSeen,
        timesSeen: a.count,
        level: pgSafeText(a.level),
        title: pgSafeText(a.title),
        culprit: pgSafeText(a.culprit),
        type: a.type,
        metadata: pgSafeJson(a.metadata),
        firstRelease: a.firstRelease === null ? null : pgSafeText(a.firstRelease),
      })),
    )
    .onConflictDoUpdate({
      target: [issues.projectId, issues.primaryHash],
      set: {
        timesSeen: sql`${issues.timesSeen} + excluded.times_seen`,
        firstSeen: sql`least(${issues.firstSeen}, excluded.first_seen)`,
        lastSeen: sql`greatest(${issues.lastSeen}, excluded.last_seen)`,
        level: sql`CASE WHEN ${newer} THEN excluded.level ELSE ${issues.level} END`,
        title: sql`CASE WHEN ${newer} THEN excluded.title ELSE ${issues.title} END`,
        culprit: sql`CASE WHEN ${newer} THEN excluded.culprit ELSE ${issues.culprit} END`,
        metadata: sql`CASE WHEN ${newer} THEN excluded.metadata ELSE ${issues.metadata} END`,
        firstRelease: sql`coalesce(${issues.firstRelease}, excluded.first_release)`,
        status: sql`CASE WHEN ${regressed} THEN 'unresolved' ELSE ${issues.status} END`,
        substatus: sql`CASE WHEN ${regressed} THEN 'regressed' ELSE ${issues.substatus} END`,
        resolvedAt: sql`CASE WHEN ${regressed} THEN NULL ELSE ${issues.resolvedAt} END`,
      },
    })
    .returning({
      id: issues.id,
      projectId: issues.projectId,
      primaryHash: issues.primaryHash,
      // xmax is 0 for a row this statement inserted, the updating transaction's id otherwise.
      inserted: sql<boolean>`(xmax = 0)`,
      status: issues.status,
      timesSeen: issues.timesSeen,
      title: issues.title,
      culprit: issues.culprit,
      level: issues.level,
    });
  return new Map(
    rows.map(({ projectId, primaryHash, ...rest }) => [
      issueKey(projectId, primaryHash),
      { ...rest, timesSeen: Number(rest.timesSeen) },
    ]),
  );
}

/** Records hash → issue links; existing links stay (a merged hash keeps pointing at its issue). */
export async function linkIssueHashes(
  db: Db,
  links: readonly { projectId: number; hash: string; issueId: number }[],
): Promise<void> {
  if (links.length === 0) return;
  await db
    .insert(issueHashes)
    .values([...links])
    .onConflictDoNothing();
}
