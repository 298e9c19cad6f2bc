/**
 * @module
 * Project configs for the edge (`GET /internal/project-configs`), by DSN public key: the key and
 * project status, every quota that applies to the key, the project's spike protection, inbound
 * filters and data scrubbing. Five queries for the whole request, whatever the number of keys.
 */
import { createHash } from "node:crypto";
import type { Quota } from "@breakwater/core/quotas";
import type { ProjectConfig } from "@breakwater/core/schema";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type ProjectKey, projectKeys, projects, type QuotaRow } from "../schema/index.ts";
import { defaultFiltersConfig, getFiltersConfigs } from "./filters.ts";
import { keyRateLimit } from "./project-keys.ts";
import { quotaFromRow, quotasForScopes } from "./quotas.ts";
import { defaultPiiConfig, getPiiConfigs } from "./scrub-rules.ts";
import { DEFAULT_SPIKE_PROTECTION, getSpikeProtections } from "./spike-protection.ts";

/** Id of the quota a key's Sentry `rateLimit` becomes. */
export const KEY_RATE_LIMIT_QUOTA_ID = "key_rate_limit";
/** Reason code of that quota (Sentry's). */
export const KEY_RATE_LIMIT_REASON = "key_quota";

/**
 * The key's `rateLimit` as a key-scoped quota, or null without one. Like Sentry's, it counts error
 * events only (`error`, `default`, `security`): a DSN rate limit is about error floods, and
 * transactions, sessions and attachment bytes have their own quotas.
 */
export function keyRateLimitQuota(key: Pick<ProjectKey, "rateLimitWindow" | "rateLimitCount">): Quota | null {
  const limit = keyRateLimit(key);
  if (!limit) return null;
  return {
    id: KEY_RATE_LIMIT_QUOTA_ID,
    categories: ["error", "default", "security"],
    scope: "key",
    limit: limit.count,
    window: limit.window,
    reasonCode: KEY_RATE_LIMIT_REASON,
  };
}

/**
 * Configs for `publicKeys`; keys that do not exist map to null so that the edge caches the miss.
 * Disabled keys and projects are returned with their status: the edge answers 403 for them.
 * `quotas` lists organization-, then project-, then key-scoped quotas (each in stored order), then
 * the key's `rateLimit`. `filters` and `pii` are the project's stored settings, or core's defaults.
 */
export async function getProjectConfigs(
  db: Db,
  publicKeys: readonly string[],
): Promise<Record<string, ProjectConfig | null>> {
  const configs: Record<string, ProjectConfig | null> = {};
  for (const key of publicKeys) configs[key] = null;
  if (publicKeys.length === 0) return configs;
  const rows = await db
    .select({ key: projectKeys, project: projects })
    .from(projectKeys)
    .innerJoin(projects, eq(projects.id, projectKeys.projectId))
    .where(inArray(projectKeys.publicKey, [...publicKeys]));
  const projectIds = [...new Set(rows.map((r) => r.project.id))];
  const [quotaRows, spikes, filterConfigs, piiConfigs] = await Promise.all([
    quotasForScopes(db, {
      organizationIds: [...new Set(rows.map((r) => r.project.organizationId))],
      projectIds,
      keyIds: rows.map((r) => r.key.id),
    }),
    getSpikeProtections(db, projectIds),
    getFiltersConfigs(db, projectIds),
    getPiiConfigs(db, projectIds),
  ]);
  for (const { key, project } of rows) {
    const owned = (scope: QuotaRow["scope"], match: (q: QuotaRow) => boolean) =>
      quotaRows.filter((q) => q.scope === scope && match(q)).map(quotaFromRow);
    const rateLimit = keyRateLimitQuota(key);
    const config: Omit<ProjectConfig, "revision"> = {
      publicKey: key.publicKey,
      keyId: key.id,
      keyStatus: key.status,
      projectId: project.id,
      projectStatus: project.status,
      organizationId: project.organizationId,
      quotas: [
        ...owned("organization", (q) => q.organizationId === project.organizationId),
        ...owned("project", (q) => q.projectId === project.id),
        ...owned("key", (q) => q.keyId === key.id),
        ...(rateLimit ? [rateLimit] : []),
      ],
      spikeProtection: spikes.get(project.id) ?? { ...DEFAULT_SPIKE_PROTECTION },
      filters: filterConfigs.get(project.id) ?? defaultFiltersConfig(),
      pii: piiConfigs.get(project.id) ?? defaultPiiConfig(),
    };
    configs[key.publicKey] = { ...config, revision: revisionOf(config) };
  }
  return configs;
}

/**
 * A short digest of the config's content: any change the edge acts on changes it, and the same
 * content always gives the same revision (built field by field in a fixed order, so
 * `JSON.stringify` is stable).
 */
export function revisionOf(config: Omit<ProjectConfig, "revision">): string {
  return createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 16);
}
