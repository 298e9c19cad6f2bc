import { describe, expect, it } from "vitest";
import { buildStatsV2Response, parseStatsPeriod, parseStatsV2Query, type RawParams } from "./stats-v2.ts";

const NOW = 1_800_000_000 + 1234; // not aligned to anything
const base: RawParams = { field: ["sum(quantity)"], category: ["error"] };
const parse = (extra: RawParams) => parseStatsV2Query({ ...base, ...extra }, NOW);

describe("parseStatsPeriod", () => {
  it("reads Sentry's units", () => {
    expect(parseStatsPeriod("90")).toBe(90);
    expect(parseStatsPeriod("5m")).toBe(300);
    expect(parseStatsPeriod("24h")).toBe(86_400);
    expect(parseStatsPeriod("14d")).toBe(14 * 86_400);
    expect(parseStatsPeriod("2w")).toBe(14 * 86_400);
    expect(parseStatsPeriod("1y")).toBeNull();
    expect(parseStatsPeriod("-1h")).toBeNull();
  });
});

describe("parseStatsV2Query", () => {
  it("defaults to 24h in 1h intervals, start aligned down and end up", () => {
    const q = parseStatsV2Query(base, NOW);
    expect(q.ok).toBe(true);
    if (!q.ok) return;
    expect(q.value.interval).toBe(3600);
    expect(q.value.start).toBe(Math.floor((NOW - 86_400) / 3600) * 3600);
    expect(q.value.end).toBe(Math.ceil(NOW / 3600) * 3600);
    expect((q.value.end - q.value.start) / 3600).toBe(25);
    expect(q.value.projectIds).toBeNull();
    expect(q.value.filters).toEqual({ category: ["error", "default", "security"] });
  });

  it("supports 5-minute intervals and explicit ranges", () => {
    const q = parse({ statsPeriod: ["1h"], interval: ["5m"] });
    expect(q.ok && (q.value.end - q.value.start) / q.value.interval).toBe(13);
    const r = parse({ start: ["2027-01-15T08:00:00"], end: ["2027-01-15T10:30:00Z"], interval: ["1h"] });
    expect(r.ok && [r.value.start, r.value.end]).toEqual([
      Date.UTC(2027, 0, 15, 8) / 1000,
      Date.UTC(2027, 0, 15, 11) / 1000,
    ]);
  });

  it("reads filters, groupBy and projects (-1 = all)", () => {
    const q = parse({
      field: ["sum(quantity)", "sum(times_seen)"],
      groupBy: ["outcome", "reason", "project"],
      outcome: ["accepted,rate_limited"],
      reason: ["none", "key_quota"],
      project: ["1", "3"],
      key_id: ["7"],
    });
    expect(q).toEqual({
      ok: true,
      value: expect.objectContaining({
        fields: ["sum(quantity)", "sum(times_seen)"],
        groupBy: ["outcome", "reason", "project"],
        projectIds: [1, 3],
        filters: {
          category: ["error", "default", "security"],
          outcome: ["accepted", "rate_limited"],
          reason: ["", "key_quota"],
          key_id: [7],
        },
      }),
    });
    const all = parse({ project: ["-1"] });
    expect(all.ok && all.value.projectIds).toBeNull();
  });

  it.each([
    [{ field: [] }, 'At least one "field" is required.'],
    [{ field: ["count()"] }, 'Invalid field: "count()"'],
    [{ groupBy: ["release"] }, 'Invalid groupBy: "release"'],
    [{ category: [] }, "Query must have category as groupby or filter"],
    [{ category: ["errors"] }, 'Invalid category: "errors"'],
    [{ category: ["attachment", "error"] }, "if filtering by attachment no other category may be present"],
    [{ outcome: ["lost"] }, 'Invalid outcome: "lost"'],
    [{ project: ["abc"] }, 'Invalid project: "abc"'],
    [{ interval: ["30s"] }, "The interval has to be a multiple of the minimum interval of one minute."],
    [{ interval: ["2d"] }, "The interval has to be less than one day."],
    [{ interval: ["7m"] }, "The interval should divide one day without a remainder."],
    [{ statsPeriod: ["90d"], interval: ["1h"] }, "Your interval and date range would create too many results."],
    [{ statsPeriod: ["soon"] }, 'Invalid statsPeriod: "soon"'],
    [{ start: ["2027-01-01T00:00:00Z"] }, "start and end are both required"],
    [{ start: ["2027-01-02T00:00:00Z"], end: ["2027-01-01T00:00:00Z"] }, "start must be before end"],
  ] as [RawParams, string][])("refuses %j", (extra, message) => {
    const q = parse(extra);
    expect(q.ok).toBe(false);
    if (!q.ok) expect(q.error).toContain(message);
  });

  it("allows grouping by category instead of filtering", () => {
    expect(parseStatsV2Query({ field: ["sum(quantity)"], groupBy: ["category"] }, NOW).ok).toBe(true);
  });
});

describe("buildStatsV2Response", () => {
  it("fills every interval, folds error categories and sums totals", () => {
    const q = parseStatsV2Query(
      { field: ["sum(quantity)"], groupBy: ["category", "reason"], start: ["1800000000"], end: ["1800010800"] },
      NOW,
    );
    if (!q.ok) throw new Error(q.error);
    const t0 = q.value.start;
    const res = buildStatsV2Response(q.value, [
      { category: "error", reason: "", bucket: t0, total: 2 },
      { category: "default", reason: "", bucket: t0 + 3600, total: 3 },
      { category: "transaction", reason: "key_quota", bucket: t0 + 7200, total: 4 },
      { category: "error", reason: "", bucket: t0 - 3600, total: 100 }, // outside: ignored
    ]);
    expect(res.intervals).toHaveLength(3);
    expect(res.intervals[0]).toBe(`${new Date(t0 * 1000).toISOString().slice(0, 19)}Z`);
    expect(res.start).toBe(res.intervals[0]);
    expect(res.groups).toEqual([
      {
        by: { category: "error", reason: "none" },
        totals: { "sum(quantity)": 5 },
        series: { "sum(quantity)": [2, 3, 0] },
      },
      {
        by: { category: "transaction", reason: "key_quota" },
        totals: { "sum(quantity)": 4 },
        series: { "sum(quantity)": [0, 0, 4] },
      },
    ]);
  });

  it("shows every item category the edge counts in its own group", () => {
    for (const category of ["transaction", "attachment", "session", "user_report", "monitor", "span"]) {
      expect(parseStatsV2Query({ field: ["sum(quantity)"], category: [category] }, NOW).ok).toBe(true);
    }
    const q = parseStatsV2Query({ field: ["sum(quantity)"], groupBy: ["category"], statsPeriod: ["1h"] }, NOW);
    if (!q.ok) throw new Error(q.error);
    const at = q.value.start;
    const res = buildStatsV2Response(
      q.value,
      ["attachment", "monitor", "session", "span", "transaction", "user_report"].map((category, i) => ({
        category,
        bucket: at,
        total: i + 1,
      })),
    );
    expect(res.groups.map((g) => [g.by.category, g.totals["sum(quantity)"]])).toEqual([
      ["attachment", 1],
      ["monitor", 2],
      ["session", 3],
      ["span", 4],
      ["transaction", 5],
      ["user_report", 6],
    ]);
  });
});
