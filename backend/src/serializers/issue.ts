/**
 * @module
 * Issue JSON in Sentry's shape (the group serializer), so tools written against Sentry's API read it.
 * @see https://docs.sentry.io/api/events/retrieve-an-issue/
 */
import type { IssueProject } from "../db/queries/issues.ts";
import type { Issue, IssueMetadataJson } from "../db/schema/index.ts";
import { shortId } from "../issues/short-id.ts";
import type { StatsSeries } from "../issues/stats.ts";

/** The issue list's item. */
export interface IssueJson {
  id: string;
  shareId: null;
  shortId: string;
  title: string;
  culprit: string;
  permalink: string;
  logger: null;
  level: string;
  status: string;
  statusDetails: Record<string, never>;
  substatus: string | null;
  isPublic: false;
  platform: string;
  project: { id: string; name: string; slug: string; platform: string };
  type: string;
  metadata: IssueMetadataJson;
  numComments: 0;
  assignedTo: null;
  isBookmarked: false;
  isSubscribed: false;
  subscriptionDetails: null;
  hasSeen: false;
  annotations: [];
  issueType: "error";
  issueCategory: "error";
  priority: "high" | "medium" | "low";
  /** times_seen, as a string like Sentry's. */
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  stats?: Record<string, StatsSeries>;
}

/** The release summary Sentry embeds in an issue (`version`, `shortVersion`). */
export interface ReleaseJson {
  version: string;
  shortVersion: string;
}

/** Sentry's short form: the part after `package@`, hashes cut to 12 characters. */
export function shortVersion(version: string): string {
  const at = version.lastIndexOf("@");
  const bare = at > 0 ? version.slice(at + 1) : version;
  return /^[0-9a-f]{40}$/i.test(bare) ? bare.slice(0, 12) : bare;
}

const release = (version: string | null | undefined): ReleaseJson | null =>
  version ? { version, shortVersion: shortVersion(version) } : null;

/** Issue detail adds releases, activity and longer stats. */
export interface IssueDetailJson extends IssueJson {
  firstRelease: ReleaseJson | null;
  lastRelease: ReleaseJson | null;
  activity: [];
  seenBy: [];
  participants: [];
  pluginActions: [];
  pluginIssues: [];
  pluginContexts: [];
  userReportCount: 0;
}

/** What the serializer needs beyond the row. */
export interface IssueExtras {
  userCount: number;
  dashboardUrl: string;
  stats?: Record<string, StatsSeries>;
  /** Releases of the first and last events that had one (detail only); default: the issue row's first release. */
  releases?: { first: string; last: string };
}

// Sentry derives the default priority from the level.
function priorityOf(level: string): IssueJson["priority"] {
  if (level === "fatal" || level === "error") return "high";
  if (level === "warning") return "medium";
  return "low";
}

/** Serializes an issue for lists. */
export function serializeIssue(issue: Issue, project: IssueProject, extras: IssueExtras): IssueJson {
  return {
    id: String(issue.id),
    shareId: null,
    shortId: shortId(project.slug, issue.id),
    title: issue.title,
    culprit: issue.culprit,
    permalink: `${extras.dashboardUrl}/organizations/${project.organizationSlug}/issues/${issue.id}/`,
    logger: null,
    level: issue.level,
    status: issue.status,
    statusDetails: {},
    substatus: issue.substatus,
    isPublic: false,
    platform: project.platform,
    project: { id: String(project.id), name: project.name, slug: project.slug, platform: project.platform },
    type: issue.type,
    metadata: issue.metadata,
    numComments: 0,
    assignedTo: null,
    isBookmarked: false,
    isSubscribed: false,
    subscriptionDetails: null,
    hasSeen: false,
    annotations: [],
    issueType: "error",
    issueCategory: "error",
    priority: priorityOf(issue.level),
    count: String(issue.timesSeen),
    userCount: extras.userCount,
    firstSeen: issue.firstSeen.toISOString(),
    lastSeen: issue.lastSeen.toISOString(),
    ...(extras.stats ? { stats: extras.stats } : {}),
  };
}

/** Serializes an issue for the detail endpoint. */
export function serializeIssueDetail(issue: Issue, project: IssueProject, extras: IssueExtras): IssueDetailJson {
  return {
    ...serializeIssue(issue, project, extras),
    firstRelease: release(extras.releases?.first || issue.firstRelease),
    lastRelease: release(extras.releases?.last),
    activity: [],
    seenBy: [],
    participants: [],
    pluginActions: [],
    pluginIssues: [],
    pluginContexts: [],
    userReportCount: 0,
  };
}
