/**
 * @module
 * Per-project inbound filters (DESIGN 3.2, 4): Sentry's inbound data filters, delivered to the edge
 * as core's `FiltersConfig` (Relay's wire shape). A project without a row filters nothing (core's
 * `FiltersConfigSchema` defaults). Written through `PUT /api/0/projects/{org}/{project}/filters/{id}/`
 * (the toggles) and the project details' `options` (`filters:blacklisted_ips`, `filters:releases`,
 * `filters:error_messages`).
 */
import { sql } from "drizzle-orm";
import { boolean, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects.ts";

/** Inbound filter settings, one row per project at most. */
export const filters = pgTable("filters", {
  projectId: integer("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  /** Drops events from localhost (`127.0.0.1`, `::1`, `localhost` URLs). */
  localhost: boolean("localhost").notNull().default(false),
  /** Drops errors known to come from browser extensions. */
  browserExtensions: boolean("browser_extensions").notNull().default(false),
  /** Drops events sent by known web crawlers. */
  webCrawlers: boolean("web_crawlers").notNull().default(false),
  /** The legacy-browsers filter's switch; `legacy_browser_options` says which browsers. */
  legacyBrowsers: boolean("legacy_browsers").notNull().default(false),
  /** Core's `LEGACY_BROWSERS` names: `["default"]` (Sentry's `active: true`) or sorted subfilters. */
  legacyBrowserOptions: text("legacy_browser_options").array().notNull().default(sql`'{}'::text[]`),
  /** Client IPs and CIDR networks whose events are dropped. */
  blacklistedIps: text("blacklisted_ips").array().notNull().default(sql`'{}'::text[]`),
  /** Release globs (case-insensitive) whose events are dropped. */
  releases: text("releases").array().notNull().default(sql`'{}'::text[]`),
  /** Error message globs (case-insensitive) whose events are dropped. */
  errorMessages: text("error_messages").array().notNull().default(sql`'{}'::text[]`),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** A `filters` row. */
export type FiltersRow = typeof filters.$inferSelect;
/** A `filters` insert. */
export type NewFiltersRow = typeof filters.$inferInsert;
