/**
 * @module
 * Inbound filter settings per project, as core's `FiltersConfig`: the stored row, or core's
 * defaults (everything off) when there is none. Writes are partial upserts: only the settings a
 * request names change, in one statement, so concurrent updates of different filters never undo
 * each other.
 */
import { type FiltersConfig, FiltersConfigSchema, type LegacyBrowsersConfig } from "@breakwater/core/filter";
import { inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type FiltersRow, filters, type NewFiltersRow } from "../schema/index.ts";

/** Core's defaults: every filter off. A fresh object on each call (it holds arrays). */
export function defaultFiltersConfig(): FiltersConfig {
  return FiltersConfigSchema.parse({});
}

/** The config of a row, key by key in core's order (the project-config revision hashes its JSON). */
function configFromRow(row: FiltersRow): FiltersConfig {
  return {
    localhost: { isEnabled: row.localhost },
    browserExtensions: { isEnabled: row.browserExtensions },
    webCrawlers: { isEnabled: row.webCrawlers },
    legacyBrowsers: { isEnabled: row.legacyBrowsers, options: row.legacyBrowserOptions },
    clientIps: { blacklistedIps: row.blacklistedIps },
    errorMessages: { patterns: row.errorMessages },
    releases: { releases: row.releases },
  };
}

/** The settings of each of `projectIds` (defaults for projects without a row). */
export async function getFiltersConfigs(db: Db, projectIds: readonly number[]): Promise<Map<number, FiltersConfig>> {
  const result = new Map(projectIds.map((id) => [id, defaultFiltersConfig()]));
  if (projectIds.length === 0) return result;
  const rows = await db
    .select()
    .from(filters)
    .where(inArray(filters.projectId, [...projectIds]));
  for (const row of rows) result.set(row.projectId, configFromRow(row));
  return result;
}

/** The settings of one project. */
export async function getFiltersConfig(db: Db, projectId: number): Promise<FiltersConfig> {
  return (await getFiltersConfigs(db, [projectId])).get(projectId) ?? defaultFiltersConfig();
}

/** Settings to change; absent fields keep their value. */
export interface FiltersPatch {
  localhost?: boolean;
  browserExtensions?: boolean;
  webCrawlers?: boolean;
  legacyBrowsers?: LegacyBrowsersConfig;
  blacklistedIps?: string[];
  releases?: string[];
  errorMessages?: string[];
}

/** The columns a patch sets. */
function patchColumns(patch: FiltersPatch): Partial<NewFiltersRow> {
  const set: Partial<NewFiltersRow> = {};
  if (patch.localhost !== undefined) set.localhost = patch.localhost;
  if (patch.browserExtensions !== undefined) set.browserExtensions = patch.browserExtensions;
  if (patch.webCrawlers !== undefined) set.webCrawlers = patch.webCrawlers;
  if (patch.legacyBrowsers !== undefined) {
    set.legacyBrowsers = patch.legacyBrowsers.isEnabled;
    set.legacyBrowserOptions = patch.legacyBrowsers.options;
  }
  if (patch.blacklistedIps !== undefined) set.blacklistedIps = patch.blacklistedIps;
  if (patch.releases !== undefined) set.releases = patch.releases;
  if (patch.errorMessages !== undefined) set.errorMessages = patch.errorMessages;
  return set;
}

/**
 * Applies `patch` to a project's settings (creating the row from the defaults) and returns the
 * settings now stored. An empty patch writes nothing.
 */
export async function updateFiltersConfig(db: Db, projectId: number, patch: FiltersPatch): Promise<FiltersConfig> {
  const set = patchColumns(patch);
  if (Object.keys(set).length === 0) return getFiltersConfig(db, projectId);
  const values = { ...set, updatedAt: new Date() };
  const [row] = await db
    .insert(filters)
    .values({ projectId, ...values })
    .onConflictDoUpdate({ target: filters.projectId, set: values })
    .returning();
  if (!row) throw new Error(`filters upsert returned no row for project ${projectId}`);
  return configFromRow(row);
}
