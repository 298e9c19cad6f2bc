/**
 * @module
 * Issues (Sentry's groups): one row per (project, primary grouping hash). Counters are applied once
 * per ingest batch with one upsert (DESIGN 4), never per event.
 */
import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { projects } from "./projects.ts";

/** Issue states, as in Sentry (`ignored` is Sentry's archived). */
export const ISSUE_STATUSES = ["unresolved", "resolved", "ignored"] as const;
/** An issue state. */
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

/** Sentry's substatus values that we set: new on creation, ongoing/regressed/archived on transitions. */
export const ISSUE_SUBSTATUSES = ["new", "ongoing", "regressed", "archived_forever"] as const;
/** An issue substatus. */
export type IssueSubstatus = (typeof ISSUE_SUBSTATUSES)[number];

/** Issue metadata as grouping derives it (Sentry's `metadata`). */
export interface IssueMetadataJson {
  type?: string;
  value?: string;
  filename?: string;
  function?: string;
  title?: string;
}

/** Issues (Sentry groups). */
export const issues = pgTable(
  "issues",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** The grouping hash that created the issue (32 hex). */
    primaryHash: text("primary_hash").notNull(),
    status: text("status", { enum: ISSUE_STATUSES }).notNull().default("unresolved"),
    /** Null for resolved issues, as in Sentry. */
    substatus: text("substatus", { enum: ISSUE_SUBSTATUSES }),
    // Millisecond precision: the issue list's keyset cursor carries last_seen in ms and must
    // compare exactly.
    firstSeen: timestamp("first_seen", { withTimezone: true, precision: 3 }).notNull(),
    lastSeen: timestamp("last_seen", { withTimezone: true, precision: 3 }).notNull(),
    timesSeen: bigint("times_seen", { mode: "number" }).notNull().default(0),
    level: text("level").notNull(),
    title: text("title").notNull(),
    culprit: text("culprit").notNull().default(""),
    /** Sentry issue type: `error` (has an exception) or `default`. */
    type: text("type").notNull(),
    metadata: jsonb("metadata").$type<IssueMetadataJson>().notNull().default({}),
    firstRelease: text("first_release"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    unique("issues_project_hash_unique").on(t.projectId, t.primaryHash),
    index("issues_list_idx").on(t.projectId, t.status, t.lastSeen.desc(), t.id.desc()),
    check("issues_status_check", sql`${t.status} in ('unresolved', 'resolved', 'ignored')`),
  ],
);

/** An `issues` row. */
export type Issue = typeof issues.$inferSelect;
/** An `issues` insert. */
export type NewIssue = typeof issues.$inferInsert;
