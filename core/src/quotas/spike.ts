/**
 * @module
 * Spike protection (DESIGN 5): a per-project hourly ceiling of `max(floor, multiplier × baseline)`,
 * where the baseline is the project's mean accepted events per hour over the past 7 days. Hours
 * before the project's first accepted event do not count, so a project a day old is measured against
 * its one day, not diluted by six empty ones.
 */
import { z } from "zod";

export const SPIKE_PROTECTION_REASON = "spike_protection";
export const BASELINE_HOURS = 7 * 24;

export const SpikeProtectionConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /** Events per hour always allowed, whatever the history. */
  floor: z.number().int().nonnegative().default(1_000),
  /** How far above its usual hourly volume a project may go. */
  multiplier: z.number().positive().max(1_000).default(5),
});
export type SpikeProtectionConfig = z.infer<typeof SpikeProtectionConfigSchema>;

/** Accepted counts per hour, keyed by hour number (`floor(unix seconds / 3600)`). */
export type HourlyCounts = ReadonlyMap<number, number>;

/** The hour number of a unix time. */
export const hourOf = (now: number): number => Math.floor(now / 3600);

/**
 * Mean accepted per hour over the complete hours of the last 7 days before `currentHour`, starting
 * at the first hour with any count. 0 when there is no history.
 */
export function spikeBaseline(counts: HourlyCounts, currentHour: number): number {
  const from = currentHour - BASELINE_HOURS;
  let first = Number.POSITIVE_INFINITY;
  let total = 0;
  for (const [hour, n] of counts) {
    if (hour < from || hour >= currentHour || n <= 0) continue;
    total += n;
    if (hour < first) first = hour;
  }
  if (total === 0) return 0;
  return total / (currentHour - first);
}

/** The ceiling for the current hour; `undefined` when spike protection is off. */
export function spikeCeiling(
  config: SpikeProtectionConfig,
  counts: HourlyCounts,
  currentHour: number,
): number | undefined {
  if (!config.enabled) return undefined;
  return Math.max(config.floor, Math.ceil(config.multiplier * spikeBaseline(counts, currentHour)));
}
