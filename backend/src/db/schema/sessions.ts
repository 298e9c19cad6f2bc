/**
 * @module
 * Dashboard sessions: a user logged in with email and password holds an opaque token; only its
 * SHA-256 is stored (like `api_tokens`), so a leaked table grants nothing. Sessions expire at
 * `expires_at` (absolute, not sliding) and are deleted at logout.
 */
import { index, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users.ts";

/** Logged-in dashboard sessions (hash only). */
export const sessions = pgTable(
  "sessions",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Lowercase hex SHA-256 of the session token. */
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** A `sessions` row. */
export type Session = typeof sessions.$inferSelect;
