/**
 * @module
 * Shapes of the backend's JSON (Sentry's API shapes) as the dashboard reads them. Fields the
 * backend may not send yet are optional, and pages render without them.
 */

/** `GET /api/0/organizations/` item. */
export interface Organization {
  id: string;
  slug: string;
  name: string;
}

/** `GET /api/0/organizations/{org}/projects/` item. */
export interface ProjectSummary {
  id: string;
  slug: string;
  name: string;
  platform: string;
}

/** A `[unix seconds, count]` bucket of an issue's `stats`. */
export type StatPoint = [number, number];

/** An issue as the list and detail endpoints answer. */
export interface Issue {
  id: string;
  shortId: string;
  title: string;
  culprit: string | null;
  level: string;
  status: "unresolved" | "resolved" | "ignored";
  substatus?: string | null;
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  metadata?: { type?: string; value?: string; title?: string };
  stats?: Record<string, StatPoint[]>;
  firstRelease?: { version: string } | null;
  project?: { slug: string; name: string };
}

/** A frame of an exception's stack trace. */
export interface Frame {
  filename?: string | null;
  absPath?: string | null;
  function?: string | null;
  module?: string | null;
  lineNo?: number | null;
  colNo?: number | null;
  inApp?: boolean | null;
  context?: [number, string][] | null;
}

/** One exception of an `exception` entry. */
export interface ExceptionValue {
  type?: string | null;
  value?: string | null;
  module?: string | null;
  mechanism?: { type?: string; handled?: boolean | null } | null;
  stacktrace?: { frames?: Frame[] } | null;
}

/** A breadcrumb. */
export interface Breadcrumb {
  timestamp?: string | number | null;
  type?: string | null;
  category?: string | null;
  level?: string | null;
  message?: string | null;
  data?: Record<string, unknown> | null;
}

/** One entry of an event (`exception`, `breadcrumbs`, `request`, `message`, …). */
export interface EventEntry {
  type: string;
  data: Record<string, unknown>;
}

/** A full event. */
export interface Event {
  id: string;
  eventID: string;
  groupID?: string;
  title: string;
  message?: string | null;
  culprit?: string | null;
  platform?: string | null;
  dateCreated?: string;
  dateReceived?: string;
  tags?: { key: string; value: string }[];
  user?: Record<string, unknown> | null;
  sdk?: { name?: string; version?: string } | null;
  contexts?: Record<string, Record<string, unknown>> | null;
  context?: Record<string, unknown> | null;
  release?: string | { version: string } | null;
  environment?: string | null;
  entries?: EventEntry[];
  previousEventID?: string | null;
  nextEventID?: string | null;
}

/** `GET /api/0/issues/{id}/tags/` item (Sentry's shape). */
export interface TagSummary {
  key: string;
  name?: string;
  totalValues: number;
  topValues: { value: string; name?: string; count: number; percent?: number }[];
}

/** A DSN key. */
export interface ProjectKey {
  id: string;
  name: string;
  public: string;
  isActive: boolean;
  rateLimit: { window: number; count: number } | null;
  dsn: { public: string; secret?: string };
  dateCreated: string;
}

/** A quota (our shape). */
export interface Quota {
  id: string;
  scope: "organization" | "project" | "key";
  keyId?: string;
  categories: string[];
  limit: number;
  window: number;
  reasonCode: string;
}

/** Spike protection with what is in force. */
export interface SpikeProtection {
  enabled: boolean;
  floor: number;
  multiplier: number;
  baseline?: number | null;
  ceiling?: number | null;
}

/** An inbound filter toggle. */
export interface InboundFilter {
  id: string;
  active: boolean | string[];
  name: string;
  description: string;
}

/** Project details (scrubbing and list filters). */
export interface ProjectDetails {
  id: string;
  slug: string;
  name: string;
  platform: string;
  dataScrubber: boolean;
  dataScrubberDefaults: boolean;
  scrubIPAddresses: boolean;
  sensitiveFields: string[];
  safeFields: string[];
  relayPiiConfig: string | null;
  options: Record<string, string>;
}

/** `stats_v2` answer. */
export interface StatsV2 {
  start: string;
  end: string;
  intervals: string[];
  groups: { by: Record<string, string | number>; totals: Record<string, number>; series: Record<string, number[]> }[];
}
