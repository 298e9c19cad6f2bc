/**
 * @module
 * Data scrubbing settings per project, as core's `PiiConfig`: the stored row, or core's defaults
 * (scrubber and default rules on, IP scrubbing off, no advanced rules) when there is none. Writes
 * are partial upserts, like `filters.ts`.
 */
import { type PiiConfig, PiiConfigSchema } from "@breakwater/core/pii";
import { inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type NewScrubRulesRow, type PiiApplicationEntry, type ScrubRulesRow, scrubRules } from "../schema/index.ts";

/** Core's defaults. A fresh object on each call. */
export function defaultPiiConfig(): PiiConfig {
  return PiiConfigSchema.parse({});
}

/**
 * The config of a row, key by key in core's order (the project-config revision hashes its JSON).
 * `applications` keeps the order it was given in.
 */
function configFromRow(row: ScrubRulesRow): PiiConfig {
  return {
    scrubData: row.scrubData,
    scrubDefaults: row.scrubDefaults,
    scrubIpAddresses: row.scrubIpAddresses,
    sensitiveFields: row.sensitiveFields,
    safeFields: row.safeFields,
    rules: row.rules,
    applications: Object.fromEntries(row.applications),
  };
}

/** The settings of each of `projectIds` (defaults for projects without a row). */
export async function getPiiConfigs(db: Db, projectIds: readonly number[]): Promise<Map<number, PiiConfig>> {
  const result = new Map(projectIds.map((id) => [id, defaultPiiConfig()]));
  if (projectIds.length === 0) return result;
  const rows = await db
    .select()
    .from(scrubRules)
    .where(inArray(scrubRules.projectId, [...projectIds]));
  for (const row of rows) result.set(row.projectId, configFromRow(row));
  return result;
}

/** The settings of one project. */
export async function getPiiConfig(db: Db, projectId: number): Promise<PiiConfig> {
  return (await getPiiConfigs(db, [projectId])).get(projectId) ?? defaultPiiConfig();
}

/**
 * Settings to change; absent fields keep their value. `rules` and `applications` must come from
 * `PiiConfigSchema` (validated, defaults filled in): they are stored as given.
 */
export type PiiConfigPatch = Partial<PiiConfig>;

/** The columns a patch sets. */
function patchColumns(patch: PiiConfigPatch): Partial<NewScrubRulesRow> {
  const set: Partial<NewScrubRulesRow> = {};
  if (patch.scrubData !== undefined) set.scrubData = patch.scrubData;
  if (patch.scrubDefaults !== undefined) set.scrubDefaults = patch.scrubDefaults;
  if (patch.scrubIpAddresses !== undefined) set.scrubIpAddresses = patch.scrubIpAddresses;
  if (patch.sensitiveFields !== undefined) set.sensitiveFields = patch.sensitiveFields;
  if (patch.safeFields !== undefined) set.safeFields = patch.safeFields;
  if (patch.rules !== undefined) set.rules = patch.rules;
  if (patch.applications !== undefined) {
    set.applications = Object.entries(patch.applications) satisfies PiiApplicationEntry[];
  }
  return set;
}

/**
 * Applies `patch` to a project's settings (creating the row from the defaults) and returns the
 * settings now stored. An empty patch writes nothing.
 */
export async function updatePiiConfig(db: Db, projectId: number, patch: PiiConfigPatch): Promise<PiiConfig> {
  const set = patchColumns(patch);
  if (Object.keys(set).length === 0) return getPiiConfig(db, projectId);
  const values = { ...set, updatedAt: new Date() };
  const [row] = await db
    .insert(scrubRules)
    .values({ projectId, ...values })
    .onConflictDoUpdate({ target: scrubRules.projectId, set: values })
    .returning();
  if (!row) throw new Error(`scrub_rules upsert returned no row for project ${projectId}`);
  return configFromRow(row);
}
