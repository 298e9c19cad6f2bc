/**
 * @module
 * DSN key lookups for the edge (`/internal/project-configs`).
 */
import { createHash } from "node:crypto";
import type { ProjectConfig } from "@breakwater/core/schema";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { projectKeys, projects } from "../schema/index.ts";

/**
 * Configs for `publicKeys`; keys that do not exist map to null so that the edge caches the miss.
 * Disabled keys and projects are returned with their status: the edge answers 403 for them.
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
  for (const { key, project } of rows) {
    const config: Omit<ProjectConfig, "revision"> = {
      publicKey: key.publicKey,
      keyId: key.id,
      keyStatus: key.status,
      projectId: project.id,
      projectStatus: project.status,
      organizationId: project.organizationId,
    };
    configs[key.publicKey] = { ...config, revision: revisionOf(config, key.updatedAt, project.updatedAt) };
  }
  return configs;
}

/** A short digest of everything the edge acts on: it changes whenever the config does. */
function revisionOf(config: object, ...stamps: Date[]): string {
  const input = JSON.stringify([config, stamps.map((d) => d.getTime())]);
  return createHash("sha256").update(input).digest("hex").slice(0, 16);
}
