/**
 * @module
 * Which users belong to which organization, with their role.
 */
import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";
import { users } from "./users.ts";

/** Roles within an organization. */
export const MEMBERSHIP_ROLES = ["owner", "admin", "member"] as const;
/** A membership role. */
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** Organization memberships. */
export const memberships = pgTable(
  "memberships",
  {
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: MEMBERSHIP_ROLES }).notNull().default("member"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId] }),
    check("memberships_role_check", sql`${t.role} in ('owner', 'admin', 'member')`),
  ],
);

/** A `memberships` row. */
export type Membership = typeof memberships.$inferSelect;
