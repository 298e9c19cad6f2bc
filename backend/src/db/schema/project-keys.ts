/**
 * @module
 * DSN keys (Sentry's "client keys"). The edge looks them up by public key through
 * `/internal/project-configs`. Rate-limit columns follow Sentry's `{"rateLimit": {window, count}}`
 * (set through `PUT /api/0/projects/{org}/{project}/keys/{key_id}/`); the project config turns them
 * into a key-scoped quota.
 */
import { sql } from "drizzle-orm";
import { check, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects.ts";

/** DSN key states; the edge answers 403 for `disabled`. */
export const KEY_STATUSES = ["active", "disabled"] as const;
/** A DSN key state. */
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** DSN keys. */
export const projectKeys = pgTable(
  "project_keys",
  {
    id: serial("id").primaryKey(),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** 32 lowercase hex, the user part of the DSN. */
    publicKey: text("public_key").notNull().unique(),
    /**
     * 32 lowercase hex, Sentry's legacy DSN secret. Shown in the keys API only: SDKs stopped sending
     * it and the edge never checks it.
     */
    secretKey: text("secret_key").notNull().default(sql`replace(gen_random_uuid()::text, '-', '')`),
    status: text("status", { enum: KEY_STATUSES }).notNull().default("active"),
    /**
     * Free text, Sentry's `name` / `label`; `bootstrap` marks the key seeded on first start (renaming
     * it detaches it from the BREAKWATER_BOOTSTRAP_PUBLIC_KEY reconciliation).
     */
    label: text("label").notNull().default(""),
    /** Seconds; null = no per-key limit. */
    rateLimitWindow: integer("rate_limit_window"),
    /** Events per window; null = no per-key limit. */
    rateLimitCount: integer("rate_limit_count"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [check("project_keys_status_check", sql`${t.status} in ('active', 'disabled')`)],
);

/** A `project_keys` row. */
export type ProjectKey = typeof projectKeys.$inferSelect;
