/**
 * @module
 * `GET|PUT /api/0/projects/{org}/{project}/spike-protection/` — the project's spike protection
 * (our own shape, DESIGN 3.3, 5): `{enabled, floor, multiplier, baseline, ceiling}`. `baseline` and
 * `ceiling` are computed as the edge computes them (core's `spikeBaseline` / `spikeCeiling`) from
 * the project's hourly accepted error outcomes of the last 7 days in ClickHouse, so owners see the
 * ceiling in force this hour; `ceiling` is null when protection is off. PUT takes
 * `{enabled?, floor?, multiplier?}` and answers like GET.
 */
import {
  BASELINE_HOURS,
  hourOf,
  type SpikeProtectionConfig,
  SpikeProtectionConfigSchema,
  spikeBaseline,
  spikeCeiling,
} from "@breakwater/core/quotas";
import type { Hono } from "hono";
import { z } from "zod";
import { hourlyOutcomeCounts } from "../clickhouse/outcomes.ts";
import type { IssueProject } from "../db/queries/issues.ts";
import { getSpikeProtection, setSpikeProtection } from "../db/queries/spike-protection.ts";
import type { Context, HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { ERROR_CATEGORIES } from "../stats/categories.ts";
import { resolveProject } from "./resolve.ts";

/** The endpoint's JSON. */
export interface SpikeProtectionJson extends SpikeProtectionConfig {
  /** Mean accepted errors per complete hour over the last 7 days (since the first one). */
  baseline: number;
  /** Accepted errors allowed in the current hour; null when disabled. */
  ceiling: number | null;
}

const shape = SpikeProtectionConfigSchema.shape;
const UpdateSchema = z.object({
  enabled: shape.enabled.unwrap().optional(),
  // The column is a Postgres integer.
  floor: shape.floor.unwrap().max(2_147_483_647).optional(),
  multiplier: shape.multiplier.unwrap().optional(),
});

const PATH = "/api/0/projects/:org/:project/spike-protection";

async function render(c: Context, project: IssueProject, config: SpikeProtectionConfig): Promise<SpikeProtectionJson> {
  const currentHour = hourOf(Date.now() / 1000);
  const counts = await hourlyOutcomeCounts(c.var.services.events, {
    orgId: project.organizationId,
    projectId: project.id,
    outcome: "accepted",
    categories: ERROR_CATEGORIES,
    from: (currentHour - BASELINE_HOURS) * 3600,
    to: currentHour * 3600,
  });
  return {
    ...config,
    baseline: spikeBaseline(counts, currentHour),
    ceiling: spikeCeiling(config, counts, currentHour) ?? null,
  };
}

/** Registers GET and PUT. */
export function registerProjectSpikeProtection(app: Hono<HonoEnv>): void {
  app.get(PATH, async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    return c.json(await render(c, project, await getSpikeProtection(c.var.services.db, project.id)));
  });

  app.put(PATH, zv("json", UpdateSchema), async (c) => {
    const patch = c.req.valid("json");
    const { db } = c.var.services;
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const current = await getSpikeProtection(db, project.id);
    const next: SpikeProtectionConfig = {
      enabled: patch.enabled ?? current.enabled,
      floor: patch.floor ?? current.floor,
      multiplier: patch.multiplier ?? current.multiplier,
    };
    return c.json(await render(c, project, await setSpikeProtection(db, project.id, next)));
  });
}
