import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StatsV2Response } from "../stats/stats-v2.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { outcome, postOutcomes } from "../testutil/outcomes.ts";

let h: Harness;
let other: Awaited<ReturnType<typeof createOtherOrg>>;
// Three whole hours, a day ago, so that no bucket is in the future or still filling.
const T0 = (Math.floor(Date.now() / 1000 / 3600) - 24) * 3600;
const iso = (t: number) => `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;
const RANGE = `start=${iso(T0)}&end=${iso(T0 + 3 * 3600)}`;

beforeAll(async () => {
  h = await createHarness();
  other = await createOtherOrg(h.services.db);
  await postOutcomes(h, [
    // hour 0
    outcome({ timestamp: T0 + 60, quantity: 5 }),
    outcome({ timestamp: T0 + 60, quantity: 2, key_id: 2 }),
    outcome({ timestamp: T0 + 600, quantity: 1, outcome: "rate_limited", reason: "key_quota" }),
    // hour 1
    outcome({ timestamp: T0 + 3600 + 120, quantity: 3, category: "default" }),
    outcome({ timestamp: T0 + 3600 + 120, quantity: 4, outcome: "rate_limited", reason: "spike_protection" }),
    outcome({ timestamp: T0 + 3600 + 180, quantity: 6, outcome: "filtered", reason: "browser-extensions" }),
    // hour 2
    outcome({ timestamp: T0 + 7200 + 3599, quantity: 7 }),
    outcome({ timestamp: T0 + 7200, quantity: 50, category: "transaction" }),
    // outside the range
    outcome({ timestamp: T0 - 60, quantity: 1000 }),
    outcome({ timestamp: T0 + 3 * 3600, quantity: 1000 }),
    // other organization (same project id must not leak either)
    outcome({ timestamp: T0 + 60, quantity: 900, org_id: other.orgId, project_id: other.projectId }),
    outcome({ timestamp: T0 + 60, quantity: 900, org_id: other.orgId, project_id: 1 }),
  ]);
  // A second batch for the same keys: SummingMergeTree may or may not have merged; sums must hold.
  await postOutcomes(h, [outcome({ timestamp: T0 + 60, quantity: 10 })]);
});
afterAll(async () => {
  await h?.close();
});

async function stats(query: string, auth = h.auth): Promise<{ status: number; body: StatsV2Response }> {
  const res = await h.app.request(`/api/0/organizations/default/stats_v2/?${query}`, { headers: auth });
  return { status: res.status, body: (await res.json()) as StatsV2Response };
}

describe("GET /api/0/organizations/{org}/stats_v2/", () => {
  it("groups by outcome with totals and hourly series", async () => {
    const { status, body } = await stats(`field=sum(quantity)&groupBy=outcome&category=error&interval=1h&${RANGE}`);
    expect(status).toBe(200);
    expect(body.start).toBe(iso(T0));
    expect(body.end).toBe(iso(T0 + 3 * 3600));
    expect(body.intervals).toEqual([iso(T0), iso(T0 + 3600), iso(T0 + 7200)]);
    expect(body.groups).toEqual([
      { by: { outcome: "accepted" }, totals: { "sum(quantity)": 27 }, series: { "sum(quantity)": [17, 3, 7] } },
      { by: { outcome: "filtered" }, totals: { "sum(quantity)": 6 }, series: { "sum(quantity)": [0, 6, 0] } },
      { by: { outcome: "rate_limited" }, totals: { "sum(quantity)": 5 }, series: { "sum(quantity)": [1, 4, 0] } },
    ]);
  });

  it("groups by outcome and reason, `none` for no reason", async () => {
    const { body } = await stats(
      `field=sum(quantity)&groupBy=outcome&groupBy=reason&category=error&interval=1h&${RANGE}`,
    );
    expect(body.groups.map((g) => [g.by, g.totals["sum(quantity)"]])).toEqual([
      [{ outcome: "accepted", reason: "none" }, 27],
      [{ outcome: "filtered", reason: "browser-extensions" }, 6],
      [{ outcome: "rate_limited", reason: "key_quota" }, 1],
      [{ outcome: "rate_limited", reason: "spike_protection" }, 4],
    ]);
  });

  it("answers sum(times_seen) as an alias, in 5-minute buckets", async () => {
    const { body } = await stats(
      `field=sum(times_seen)&groupBy=outcome&outcome=accepted&category=error&interval=5m&start=${iso(T0)}&end=${iso(T0 + 3600)}`,
    );
    expect(body.intervals).toHaveLength(12);
    expect(body.groups).toEqual([
      {
        by: { outcome: "accepted" },
        totals: { "sum(times_seen)": 17 },
        series: { "sum(times_seen)": [17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
      },
    ]);
  });

  it("groups by category (default folds into error) and project, and filters by reason", async () => {
    const byCategory = await stats(`field=sum(quantity)&groupBy=category&groupBy=project&outcome=accepted&${RANGE}`);
    expect(byCategory.body.groups.map((g) => [g.by, g.totals["sum(quantity)"]])).toEqual([
      [{ category: "error", project: 1 }, 27],
      [{ category: "transaction", project: 1 }, 50],
    ]);
    const byReason = await stats(`field=sum(quantity)&groupBy=outcome&category=error&reason=key_quota&${RANGE}`);
    expect(byReason.body.groups).toMatchObject([{ by: { outcome: "rate_limited" }, totals: { "sum(quantity)": 1 } }]);
    const byKey = await stats(`field=sum(quantity)&groupBy=key_id&category=error&outcome=accepted&${RANGE}`);
    expect(byKey.body.groups.map((g) => [g.by, g.totals["sum(quantity)"]])).toEqual([
      [{ key_id: 1 }, 25],
      [{ key_id: 2 }, 2],
    ]);
  });

  it("uses statsPeriod ending now", async () => {
    const { status, body } = await stats(
      "field=sum(quantity)&groupBy=outcome&category=error&statsPeriod=2d&interval=1d",
    );
    expect(status).toBe(200);
    expect(body.intervals.length).toBeGreaterThanOrEqual(2);
    const accepted = body.groups.find((g) => g.by.outcome === "accepted");
    expect(accepted?.totals["sum(quantity)"]).toBe(27 + 2000);
  });

  it("accepts the caller's project ids and refuses others' with 403", async () => {
    const own = await stats(`field=sum(quantity)&groupBy=outcome&category=error&project=1&${RANGE}`);
    expect(own.status).toBe(200);
    expect(own.body.groups).toHaveLength(3);
    const foreign = await stats(
      `field=sum(quantity)&groupBy=outcome&category=error&project=${other.projectId}&${RANGE}`,
    );
    expect(foreign.status).toBe(403);
    const missing = await stats(`field=sum(quantity)&groupBy=outcome&category=error&project=999&${RANGE}`);
    expect(missing.status).toBe(403);
  });

  it("shows another organization only its own outcomes", async () => {
    const res = await h.app.request(
      `/api/0/organizations/other/stats_v2/?field=sum(quantity)&groupBy=project&category=error&${RANGE}`,
      { headers: other.auth },
    );
    const body = (await res.json()) as StatsV2Response;
    expect(body.groups).toEqual([
      { by: { project: other.projectId }, totals: { "sum(quantity)": 900 }, series: { "sum(quantity)": [900, 0, 0] } },
    ]);
  });

  it.each([
    ["no field", "groupBy=outcome&category=error"],
    ["an unknown field", "field=count()&category=error"],
    ["no category", "field=sum(quantity)&groupBy=outcome"],
    ["a bad interval", "field=sum(quantity)&category=error&interval=7m"],
    ["too many points", "field=sum(quantity)&category=error&statsPeriod=30d&interval=5m"],
  ])("answers 400 for %s", async (_, query) => {
    const res = await stats(query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ detail: expect.any(String) });
  });
});
