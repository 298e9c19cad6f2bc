/**
 * Tag breakdowns, first/last release and the executor's 429 on issue routes, on seeded data.
 */

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issues } from "../db/schema/index.ts";
import type { TagKeyJson } from "../issues/tags.ts";
import { processBatch } from "../pipeline/process-batch.ts";
import type { IssueDetailJson } from "../serializers/issue.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { errorRecord } from "../testutil/records.ts";
import { withSaturatedQueries } from "../testutil/saturate-queries.ts";

let h: Harness;
let issueId: number;
let otherAuth: { Authorization: string };
const now = Math.floor(Date.now() / 1000);

// Six events of one issue, oldest first.
const EVENTS = [
  { browser: "Chrome", environment: "production", release: "app@1.0", user: "u1" },
  { browser: "Chrome", environment: "production", release: "app@1.0", user: "u2" },
  { browser: "Firefox", environment: "staging", release: "", user: "u2" },
  { browser: "Chrome", environment: "production", release: "app@2.0", user: "u3" },
  { browser: "Firefox", environment: "production", release: "app@2.0", user: "u3" },
  { browser: "Chrome", environment: "production", release: "", user: "u3" },
];

beforeAll(async () => {
  h = await createHarness();
  otherAuth = (await createOtherOrg(h.services.db)).auth;
  const records = EVENTS.map((e, i) =>
    errorRecord({
      type: "Tagged",
      value: "t",
      functions: ["tagged"],
      timestamp: now - 3600 + i * 60,
      user: { id: e.user },
      extra: { environment: e.environment, release: e.release || undefined, tags: [["browser", e.browser]] },
    }),
  );
  await processBatch({ db: h.services.db, events: h.services.events }, records);
  const [row] = await h.services.db.select().from(issues).where(eq(issues.title, "Tagged: t"));
  issueId = row?.id ?? 0;
});
afterAll(async () => {
  await h?.close();
});

const get = async (path: string, auth = h.auth) => {
  const res = await h.app.request(path, { headers: auth });
  return { res, body: (await res.json()) as unknown };
};
const iso = (i: number) => new Date((now - 3600 + i * 60) * 1000).toISOString();

describe("GET /api/0/issues/{id}/tags/{key}/", () => {
  it("answers the top values with counts and first/last seen, in Sentry's shape", async () => {
    const { res, body } = await get(`/api/0/issues/${issueId}/tags/browser/`);
    expect(res.status).toBe(200);
    expect(body).toEqual({
      key: "browser",
      name: "Browser",
      totalValues: 6,
      uniqueValues: 2,
      topValues: [
        { key: "browser", name: "Chrome", value: "Chrome", count: 4, firstSeen: iso(0), lastSeen: iso(5) },
        { key: "browser", name: "Firefox", value: "Firefox", count: 2, firstSeen: iso(2), lastSeen: iso(4) },
      ],
    });
  });

  it("filters by environment and limits values", async () => {
    const { body } = await get(`/api/0/issues/${issueId}/tags/browser/?environment=production&limit=1`);
    expect(body).toMatchObject({ totalValues: 5, uniqueValues: 2, topValues: [{ value: "Chrome", count: 4 }] });
    expect((body as TagKeyJson).topValues).toHaveLength(1);
  });

  it("404s for a key the issue never had, another organization's issue, or a malformed key", async () => {
    expect((await get(`/api/0/issues/${issueId}/tags/nope/`)).res.status).toBe(404);
    expect((await get(`/api/0/issues/${issueId}/tags/browser/`, otherAuth)).res.status).toBe(404);
    expect((await get(`/api/0/issues/${issueId}/tags/a'b/`)).res.status).toBe(404);
  });
});

describe("GET /api/0/issues/{id}/tags/", () => {
  it("lists every key with its top values, most common keys first", async () => {
    const { res, body } = await get(`/api/0/issues/${issueId}/tags/`);
    expect(res.status).toBe(200);
    const keys = body as TagKeyJson[];
    const byKey = Object.fromEntries(keys.map((k) => [k.key, k]));
    expect(byKey.browser).toMatchObject({ totalValues: 6, uniqueValues: 2 });
    expect(byKey.environment?.topValues.map((v) => [v.value, v.count])).toEqual([
      ["production", 5],
      ["staging", 1],
    ]);
    expect(byKey.release?.topValues.map((v) => [v.value, v.count])).toEqual([
      ["app@1.0", 2],
      ["app@2.0", 2],
    ]);
    expect(byKey.release?.totalValues).toBe(4);
    expect(byKey.user).toMatchObject({ name: "User", totalValues: 6, uniqueValues: 3 });
    expect(byKey.server_name).toBeUndefined();
    const totals = keys.map((k) => k.totalValues);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    const only = (await get(`/api/0/issues/${issueId}/tags/?key=browser&key=release`)).body as TagKeyJson[];
    expect(only.map((k) => k.key)).toEqual(["browser", "release"]);
  });
});

describe("issue detail aggregates", () => {
  it("has the first and last release, the user count and the series", async () => {
    const { body } = await get(`/api/0/issues/${issueId}/`);
    const issue = body as IssueDetailJson;
    expect(issue.firstRelease).toEqual({ version: "app@1.0", shortVersion: "1.0" });
    expect(issue.lastRelease).toEqual({ version: "app@2.0", shortVersion: "2.0" });
    expect(issue.count).toBe("6");
    expect(issue.userCount).toBe(3);
    expect(issue.stats?.["24h"]?.reduce((n, [, c]) => n + c, 0)).toBe(6);
  });

  it("14d stats in the list are 14 daily buckets", async () => {
    const { body } = await get("/api/0/projects/default/default/issues/?statsPeriod=14d");
    const series = (body as IssueDetailJson[])[0]?.stats?.["14d"] ?? [];
    expect(series).toHaveLength(14);
    expect(series[1]?.[0]).toBe((series[0]?.[0] ?? 0) + 86_400);
    expect(series.at(-1)?.[1]).toBeGreaterThan(0);
  });
});

describe("query limits on issue routes", () => {
  it("answers 429 with Retry-After when the organization's slots are taken", async () => {
    await withSaturatedQueries(h.services.events, 1, async () => {
      const { res } = await get(`/api/0/issues/${issueId}/tags/?limit=3`);
      expect(res.status).toBe(429);
      expect(res.headers.get("Retry-After")).toBe("1");
    });
  });
});
