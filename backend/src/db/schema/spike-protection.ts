/**
 * @module
 * Per-project spike protection settings (DESIGN 5). A project without a row runs with core's
 * defaults (`SpikeProtectionConfigSchema`: on, floor 1,000/h, multiplier 5).
 */
import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, integer, pgTable, timestamp } from "drizzle-orm/pg-core";
import { projects } from "./projects.ts";

/** Spike protection overrides, one row per project at most. */
export const spikeProtection = pgTable(
  "spike_protection",
  {
    projectId: integer("project_id")
      .primaryKey()
      .references(() => projects.id, { onDelete: "cascade" }),
    enabled: boolean("enabled").notNull(),
    /** Events per hour always allowed, whatever the history. */
    floor: integer("floor").notNull(),
    /** Ceiling = max(floor, multiplier × hourly baseline). */
    multiplier: doublePrecision("multiplier").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check("spike_protection_floor_check", sql`${t.floor} >= 0`),
    check("spike_protection_multiplier_check", sql`${t.multiplier} > 0`),
  ],
);

/** A `spike_protection` row. */
export type SpikeProtectionRow = typeof spikeProtection.$inferSelect;
