import { describe, expect, it } from "vitest";
import { BASELINE_HOURS, SpikeProtectionConfigSchema, spikeBaseline, spikeCeiling } from "./spike.ts";

const H = 500_000;
const counts = (entries: Array<[number, number]>) => new Map(entries.map(([h, n]) => [H - h, n] as [number, number]));

describe("spike protection", () => {
  it("averages the complete hours of the last 7 days since the first event", () => {
    // 24 hours of 100/h, ending just before the current hour.
    const day = counts(Array.from({ length: 24 }, (_, i) => [i + 1, 100] as [number, number]));
    expect(spikeBaseline(day, H)).toBe(100);
  });

  it("counts quiet hours after the first event as zeros", () => {
    expect(spikeBaseline(counts([[10, 1000]]), H)).toBe(100);
  });

  it("ignores the current hour and anything older than 7 days", () => {
    const c = counts([
      [0, 1_000_000],
      [BASELINE_HOURS + 1, 1_000_000],
      [2, 50],
    ]);
    expect(spikeBaseline(c, H)).toBe(25);
  });

  it("is 0 without history", () => {
    expect(spikeBaseline(new Map(), H)).toBe(0);
  });

  it("ceiling = max(floor, multiplier × baseline); off means none", () => {
    const config = SpikeProtectionConfigSchema.parse({});
    expect(config).toEqual({ enabled: true, floor: 1_000, multiplier: 5 });
    expect(spikeCeiling(config, new Map(), H)).toBe(1_000);
    const busy = counts(Array.from({ length: 168 }, (_, i) => [i + 1, 1_000] as [number, number]));
    expect(spikeCeiling(config, busy, H)).toBe(5_000);
    expect(spikeCeiling({ ...config, multiplier: 2.5 }, busy, H)).toBe(2_500);
    expect(spikeCeiling({ ...config, enabled: false }, busy, H)).toBeUndefined();
  });
});
