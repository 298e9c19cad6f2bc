import { hourOf } from "@breakwater/core/quotas";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { outcome, postOutcomes } from "../testutil/outcomes.ts";
import type { SpikeProtectionJson } from "./project-spike-protection.ts";

let h: Harness;
let other: Awaited<ReturnType<typeof createOtherOrg>>;
// The middle of the current hour, pinned so that the hour cannot roll over mid-test.
const NOW = (hourOf(Date.now() / 1000) + 0.5) * 3600;
const HOUR = hourOf(NOW);
const at = (hoursAgo: number, minute = 0) => (HOUR - hoursAgo) * 3600 + minute * 60;

beforeAll(async () => {
  h = await createHarness();
  other = await createOtherOrg(h.services.db);
  vi.useFakeTimers({ toFake: ["Date"], now: NOW * 1000 });
  // 10 complete hours of history: 1,000 accepted errors in total (a mean of 100/h), spread over
  // minutes and keys and including `default` events, which count as errors (Sentry's error
  // categories). Everything else must not count.
  await postOutcomes(h, [
    outcome({ timestamp: at(10, 5), quantity: 400 }),
    outcome({ timestamp: at(10, 50), quantity: 100, key_id: 2 }),
    outcome({ timestamp: at(4), quantity: 300, category: "default" }),
    outcome({ timestamp: at(1, 59), quantity: 200 }),
    // not counted: the current hour, older than 7 days, other outcomes / categories / projects
    outcome({ timestamp: at(0, 10), quantity: 1_000_000 }),
    outcome({ timestamp: at(7 * 24 + 1), quantity: 1_000_000 }),
    outcome({ timestamp: at(3), quantity: 1_000_000, outcome: "rate_limited", reason: "spike_protection" }),
    outcome({ timestamp: at(3), quantity: 1_000_000, category: "transaction" }),
    outcome({ timestamp: at(3), quantity: 1_000_000, project_id: 2 }),
    outcome({ timestamp: at(3), quantity: 1_000_000, org_id: other.orgId, project_id: 1 }),
  ]);
});
afterAll(async () => {
  vi.useRealTimers();
  await h?.close();
});
afterEach(() => {
  vi.setSystemTime(NOW * 1000);
});

const PATH = "/api/0/projects/default/default/spike-protection/";

async function api(method: string, body?: unknown): Promise<{ status: number; json: SpikeProtectionJson }> {
  const res = await h.app.request(PATH, {
    method,
    headers: { ...h.auth, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as SpikeProtectionJson };
}

describe("spike protection", () => {
  it("shows the defaults with the baseline from the last 7 days of accepted errors", async () => {
    const { status, json } = await api("GET");
    expect(status).toBe(200);
    expect(json).toEqual({ enabled: true, floor: 1000, multiplier: 5, baseline: 100, ceiling: 1000 });
  });

  it("raises the ceiling above the floor once multiplier × baseline exceeds it", async () => {
    const { status, json } = await api("PUT", { floor: 10 });
    expect(status).toBe(200);
    expect(json).toEqual({ enabled: true, floor: 10, multiplier: 5, baseline: 100, ceiling: 500 });
    expect((await api("PUT", { multiplier: 2.5 })).json).toMatchObject({ ceiling: 250 });
    expect((await api("GET")).json).toEqual({ enabled: true, floor: 10, multiplier: 2.5, baseline: 100, ceiling: 250 });
  });

  it("has no ceiling while disabled, and keeps the other settings", async () => {
    expect((await api("PUT", { enabled: false })).json).toEqual({
      enabled: false,
      floor: 10,
      multiplier: 2.5,
      baseline: 100,
      ceiling: null,
    });
    expect((await api("PUT", { enabled: true })).json).toMatchObject({ ceiling: 250 });
  });

  it("moves the baseline as hours pass (the just-finished hour now counts)", async () => {
    vi.setSystemTime((NOW + 3600) * 1000);
    // 1,000 + 1,000,000 over 11 hours.
    expect((await api("GET")).json.baseline).toBeCloseTo(1_001_000 / 11);
  });

  it.each([
    ["a negative floor", { floor: -1 }],
    ["a fractional floor", { floor: 1.5 }],
    ["a zero multiplier", { multiplier: 0 }],
    ["a multiplier over 1,000", { multiplier: 1001 }],
    ["a string enabled", { enabled: "yes" }],
  ])("answers 400 for %s and keeps the settings", async (_, body) => {
    const res = await api("PUT", body);
    expect(res.status).toBe(400);
    expect((await api("GET")).json).toMatchObject({ enabled: true, floor: 10, multiplier: 2.5 });
  });

  it("shows another organization's project its own (empty) history", async () => {
    const res = await h.app.request("/api/0/projects/other/other-project/spike-protection/", { headers: other.auth });
    expect(await res.json()).toEqual({ enabled: true, floor: 1000, multiplier: 5, baseline: 0, ceiling: 1000 });
  });
});
