/**
 * @module
 * Quotas (DESIGN 5): limits on what an organization, a project or one DSN key may send per fixed
 * window. One row per quota; the row's scope decides which of `project_id` / `key_id` is set. The
 * edge receives them in each key's project config (`/internal/project-configs`). A key's Sentry
 * `rateLimit` is not stored here but on `project_keys` (as in Sentry).
 */
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";
import { projectKeys } from "./project-keys.ts";
import { projects } from "./projects.ts";

/** Quota scopes, as core's `QuotaScope`. */
export const QUOTA_SCOPES = ["organization", "project", "key"] as const;

/** Quotas of organizations, projects and keys. */
export const quotas = pgTable(
  "quotas",
  {
    /**
     * Row id. Lists are read back in row order, so a PUT (which replaces a scope's quotas) keeps the
     * order the caller gave, and the edge evaluates quotas in that order.
     */
    pk: serial("pk").primaryKey(),
    /** The quota's own id (core's `Quota.id`): part of the edge's counter key. */
    id: text("id").notNull(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Set for `project` and `key` scopes. */
    projectId: integer("project_id").references(() => projects.id, { onDelete: "cascade" }),
    /** `project_keys.id`; set for the `key` scope only. */
    keyId: integer("key_id").references(() => projectKeys.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: QUOTA_SCOPES }).notNull(),
    /** Data categories counted (core's `DataCategory`); empty = every category. */
    categories: text("categories").array().notNull().default(sql`'{}'::text[]`),
    /** Items (bytes for attachments) per window; 0 rejects everything. */
    limit: integer("limit").notNull(),
    /** Window length, seconds. */
    windowSeconds: integer("window_seconds").notNull(),
    /** Sent to SDKs in `X-Sentry-Rate-Limits` and recorded as the outcome reason. */
    reasonCode: text("reason_code").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // One id per counter owner: the edge keys counters by (scope, scope id, quota id).
    unique("quotas_owner_id_unique").on(t.scope, t.organizationId, t.projectId, t.keyId, t.id).nullsNotDistinct(),
    index("quotas_organization_idx").on(t.organizationId),
    index("quotas_project_idx").on(t.projectId),
    index("quotas_key_idx").on(t.keyId),
    check("quotas_scope_check", sql`${t.scope} in ('organization', 'project', 'key')`),
    check(
      "quotas_scope_ids_check",
      sql`(${t.scope} = 'organization' and ${t.projectId} is null and ${t.keyId} is null)
        or (${t.scope} = 'project' and ${t.projectId} is not null and ${t.keyId} is null)
        or (${t.scope} = 'key' and ${t.projectId} is not null and ${t.keyId} is not null)`,
    ),
    check("quotas_limit_check", sql`${t.limit} >= 0`),
    check("quotas_window_check", sql`${t.windowSeconds} > 0`),
  ],
);

/** A `quotas` row. */
export type QuotaRow = typeof quotas.$inferSelect;
/** A `quotas` insert. */
export type NewQuotaRow = typeof quotas.$inferInsert;
