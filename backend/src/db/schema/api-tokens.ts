/**
 * @module
 * API tokens (`Authorization: Bearer <token>`), scoped to one organization. Only the SHA-256 of the
 * token is stored: a leaked database does not leak usable credentials, and a high-entropy token needs
 * no slow hash.
 */
import { integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";
import { users } from "./users.ts";

/** Organization-scoped API tokens (hash only). */
export const apiTokens = pgTable("api_tokens", {
  id: serial("id").primaryKey(),
  organizationId: integer("organization_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** The user who created it, if any; the token keeps working without them (org-scoped). */
  userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
  /** Lowercase hex SHA-256 of the token. */
  tokenHash: text("token_hash").notNull().unique(),
  /** Free text; `bootstrap` marks the token seeded on first start. */
  label: text("label").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** An `api_tokens` row. */
export type ApiToken = typeof apiTokens.$inferSelect;
