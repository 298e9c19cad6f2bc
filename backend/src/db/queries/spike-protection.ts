/**
 * @module
 * Spike protection settings per project: the stored row, or core's defaults when there is none.
 */
import { type SpikeProtectionConfig, SpikeProtectionConfigSchema } from "@breakwater/core/quotas";
import { inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { spikeProtection } from "../schema/index.ts";

/** Core's defaults (on, floor 1,000/h, multiplier 5). */
export const DEFAULT_SPIKE_PROTECTION: SpikeProtectionConfig = SpikeProtectionConfigSchema.parse({});

/** The settings of each of `projectIds` (defaults for projects without a row). */
export async function getSpikeProtections(
  db: Db,
  projectIds: readonly number[],
): Promise<Map<number, SpikeProtectionConfig>> {
  const result = new Map(projectIds.map((id) => [id, { ...DEFAULT_SPIKE_PROTECTION }]));
  if (projectIds.length === 0) return result;
  const rows = await db
    .select()
    .from(spikeProtection)
    .where(inArray(spikeProtection.projectId, [...projectIds]));
  for (const r of rows) result.set(r.projectId, { enabled: r.enabled, floor: r.floor, multiplier: r.multiplier });
  return result;
}

/** The settings of one project. */
export async function getSpikeProtection(db: Db, projectId: number): Promise<SpikeProtectionConfig> {
  return (await getSpikeProtections(db, [projectId])).get(projectId) ?? { ...DEFAULT_SPIKE_PROTECTION };
}

/** Stores the settings of a project (insert or replace). */
export async function setSpikeProtection(
  db: Db,
  projectId: number,
  config: SpikeProtectionConfig,
): Promise<SpikeProtectionConfig> {
  const values = { ...config, updatedAt: new Date() };
  await db
    .insert(spikeProtection)
    .values({ projectId, ...values })
    .onConflictDoUpdate({ target: spikeProtection.projectId, set: values });
  return { ...config };
}
