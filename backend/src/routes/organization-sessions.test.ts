import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionsResponse } from "../sessions/sessions-api.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { ingest } from "../testutil/ingest.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { sessionRecord } from "../testutil/records.ts";

let h: Harness;
let otherProject: number;
const minute = Math.floor(Date.now() / 60_000) * 60;

beforeAll(async () => {
  h = await createHarness();
  ({ projectId: otherProject } = await createOtherOrg(h.services.db));
  // Two batches with rows for the same key: the SummingMergeTree must add them up, merged or not.
  await ingest(h, [
    sessionRecord({ release: "app@1", sessions: 3 }),
    sessionRecord({ release: "app@1", errored: 1 }),
    sessionRecord({ release: "app@2", environment: "staging", sessions: 2, crashed: 1, started: minute - 7200 }),
  ]);
  await ingest(h, [
    sessionRecord({ release: "app@1", sessions: 2, abnormal: 1 }),
    sessionRecord({ release: "app@9", sessions: 50 }, otherProject),
  ]);
});
afterAll(async () => {
  await h?.close();
});

async function get(query: string): Promise<{ status: number; body: SessionsResponse }> {
  const res = await h.app.request(`/api/0/organizations/default/sessions/?${query}`, { headers: h.auth });
  return { status: res.status, body: (await res.json()) as SessionsResponse };
}

describe("GET /api/0/organizations/{org}/sessions/", () => {
  it("sums sessions per release over the period, in Sentry's shape", async () => {
    const { status, body } = await get("field=sum(session)&groupBy=release&statsPeriod=24h&interval=1h");
    expect(status).toBe(200);
    // 24 hours, aligned to whole hours: the current, partial hour is the 25th.
    expect(body.intervals).toHaveLength(25);
    expect(body.query).toBe("");
    expect(body.groups.map((g) => [g.by, g.totals])).toEqual([
      [{ release: "app@1" }, { "sum(session)": 5 }],
      [{ release: "app@2" }, { "sum(session)": 2 }],
    ]);
    const series = body.groups[0]?.series["sum(session)"] ?? [];
    expect(series).toHaveLength(25);
    expect(series.at(-1)).toBe(5);
  });

  it("splits by session.status: healthy is what did not error, crash or end abnormally", async () => {
    const { body } = await get("field=sum(session)&groupBy=session.status&groupBy=release&statsPeriod=24h");
    const totals = Object.fromEntries(
      body.groups.map((g) => [`${g.by.release} ${g.by["session.status"]}`, g.totals["sum(session)"]]),
    );
    expect(totals).toEqual({
      "app@1 abnormal": 1,
      "app@1 crashed": 0,
      "app@1 errored": 1,
      "app@1 healthy": 3,
      "app@2 abnormal": 0,
      "app@2 crashed": 1,
      "app@2 errored": 0,
      "app@2 healthy": 1,
    });
  });

  it("computes the crash-free rate and filters by environment and release", async () => {
    const rate = await get("field=crash_free_rate(session)&field=sum(session)&statsPeriod=24h&environment=staging");
    expect(rate.body.groups).toEqual([
      expect.objectContaining({ by: {}, totals: { "crash_free_rate(session)": 0.5, "sum(session)": 2 } }),
    ]);
    const release = await get('field=sum(session)&statsPeriod=24h&query=release:"app@1"');
    expect(release.body.groups[0]?.totals).toEqual({ "sum(session)": 5 });
  });

  it("answers zeros for a period without sessions, and 400 for what it does not support", async () => {
    const { body } = await get("field=sum(session)&start=2020-01-01T00:00:00&end=2020-01-02T00:00:00&interval=1d");
    expect(body.groups).toEqual([{ by: {}, totals: { "sum(session)": 0 }, series: { "sum(session)": [0] } }]);
    expect((await get("field=count_unique(user)&statsPeriod=1h")).status).toBe(400);
    expect((await get("field=sum(session)&groupBy=browser")).status).toBe(400);
    expect((await get("field=sum(session)&query=os:linux")).status).toBe(400);
  });

  it("is confined to the caller's organization", async () => {
    const { body } = await get("field=sum(session)&groupBy=project&statsPeriod=24h");
    expect(body.groups.map((g) => g.by.project)).toEqual([1]);
    expect((await get(`field=sum(session)&project=${otherProject}`)).status).toBe(403);
  });
});
