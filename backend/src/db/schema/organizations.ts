/**
 * @module
 * Organizations: the tenant boundary. Every API token belongs to exactly one and sees only its projects.
 */
import { pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/** Organizations (tenants). */
export const organizations = pgTable("organizations", {
  id: serial("id").primaryKey(),
  /** URL slug, as in `/api/0/projects/{org}/...`. */
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** An `organizations` row. */
export type Organization = typeof organizations.$inferSelect;
/** An `organizations` insert. */
export type NewOrganization = typeof organizations.$inferInsert;
