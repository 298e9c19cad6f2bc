/**
 * @module
 * Dashboard users. Passwords are stored as scrypt hashes (format in `src/auth/password.ts`).
 */
import { pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/** Dashboard users. */
export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  /** Stored lowercased so that logins are case-insensitive. */
  email: text("email").notNull().unique(),
  name: text("name").notNull().default(""),
  /** `scrypt$N$r$p$<salt b64>$<hash b64>`; see `hashPassword`. */
  passwordHash: text("password_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** A `users` row. */
export type User = typeof users.$inferSelect;
/** A `users` insert. */
export type NewUser = typeof users.$inferInsert;
