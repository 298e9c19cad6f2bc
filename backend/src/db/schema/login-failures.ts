/**
 * @module
 * Failed logins, one row per failure, for the login rate limit (per email + client IP, and per
 * email alone). Kept in Postgres so that every backend process sees the same counts; rows older
 * than the window are deleted as new failures arrive, and a successful login clears its pair.
 */
import { index, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/** Recent failed login attempts. */
export const loginFailures = pgTable(
  "login_failures",
  {
    id: serial("id").primaryKey(),
    /** Lowercased, as `users.email`; also set for emails that have no user (no enumeration). */
    email: text("email").notNull(),
    /** Client address as the backend determined it (see `clientIp`), `""` when unknown. */
    ip: text("ip").notNull(),
    failedAt: timestamp("failed_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("login_failures_email_idx").on(t.email, t.failedAt)],
);
