/**
 * @module
 * Per-project data scrubbing (DESIGN 3.2, 4): Sentry's server-side scrubbing settings plus Relay's
 * advanced rules, delivered to the edge as core's `PiiConfig`. A project without a row runs with
 * core's defaults (`PiiConfigSchema`: scrubber and default rules on, IP scrubbing off). Written
 * through `PUT /api/0/projects/{org}/{project}/` (`dataScrubber`, `dataScrubberDefaults`,
 * `scrubIPAddresses`, `sensitiveFields`, `safeFields`, `relayPiiConfig`).
 */
import type { Rule } from "@breakwater/core/pii";
import { sql } from "drizzle-orm";
import { boolean, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects.ts";

/** One application of the advanced rules: a selector and the rule ids it applies, in order. */
export type PiiApplicationEntry = [selector: string, ruleIds: string[]];

/** Data scrubbing settings, one row per project at most. */
export const scrubRules = pgTable("scrub_rules", {
  projectId: integer("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  /** Sentry's `dataScrubber`: master switch of the default rules and `sensitive_fields`. */
  scrubData: boolean("scrub_data").notNull().default(true),
  /** Sentry's `dataScrubberDefaults`: passwords, card numbers, tokens, ... */
  scrubDefaults: boolean("scrub_defaults").notNull().default(true),
  /** Sentry's `scrubIPAddresses`. */
  scrubIpAddresses: boolean("scrub_ip_addresses").notNull().default(false),
  /** Extra key names (case-insensitive substrings) whose values are filtered. */
  sensitiveFields: text("sensitive_fields").array().notNull().default(sql`'{}'::text[]`),
  /** Keys or selectors the scrubber leaves alone. */
  safeFields: text("safe_fields").array().notNull().default(sql`'{}'::text[]`),
  /** Advanced rules by id, as core's `RuleSchema` outputs them (defaults filled in). */
  rules: jsonb("rules").$type<Record<string, Rule>>().notNull().default({}),
  /**
   * Advanced applications as `[selector, ruleIds]` pairs: an array, because jsonb reorders object
   * keys and applications run in the order they were given.
   */
  applications: jsonb("applications").$type<PiiApplicationEntry[]>().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** A `scrub_rules` row. */
export type ScrubRulesRow = typeof scrubRules.$inferSelect;
/** A `scrub_rules` insert. */
export type NewScrubRulesRow = typeof scrubRules.$inferInsert;
