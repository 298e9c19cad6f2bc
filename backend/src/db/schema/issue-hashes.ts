/**
 * @module
 * Which grouping hashes point at which issue. Today each issue has exactly its primary hash; merging
 * issues later adds rows here without touching events.
 */
import { bigint, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { issues } from "./issues.ts";
import { projects } from "./projects.ts";

/** Grouping hash → issue links. */
export const issueHashes = pgTable(
  "issue_hashes",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    hash: text("hash").notNull(),
    issueId: bigint("issue_id", { mode: "number" })
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hash] })],
);

/** An `issue_hashes` row. */
export type IssueHash = typeof issueHashes.$inferSelect;
