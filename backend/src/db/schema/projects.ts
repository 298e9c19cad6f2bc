/**
 * @module
 * Projects. Id 1 is the `default` project seeded on first start (DESIGN 3.4); DSNs end in the id.
 */
import { sql } from "drizzle-orm";
import { check, integer, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";

/** Project states; the edge answers 403 for `disabled`. */
export const PROJECT_STATUSES = ["active", "disabled"] as const;

/** Projects. */
export const projects = pgTable(
  "projects",
  {
    id: serial("id").primaryKey(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** Sentry platform name (`javascript`, `python`, `other`, ...). */
    platform: text("platform").notNull().default("other"),
    status: text("status", { enum: PROJECT_STATUSES }).notNull().default("active"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Part of the project-config revision: bump on every change the edge must see. */
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    unique("projects_org_slug_unique").on(t.organizationId, t.slug),
    check("projects_status_check", sql`${t.status} in ('active', 'disabled')`),
  ],
);

/** A `projects` row. */
export type Project = typeof projects.$inferSelect;
