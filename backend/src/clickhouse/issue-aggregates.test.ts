/**
 * Migrations 6 and 8's aggregates on the real EventStore (chDB, or ClickHouse 18.16 with CLICKHOUSE_URL):
 * the views follow inserts, skip deleted rows, and the backfill fills an empty table exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventRow } from "../testutil/event-rows.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { insertEvents } from "./events.ts";
import { featuresFor } from "./features.ts";
import { countsByGroupBucket, userCountsByGroup, userCountsOfProject } from "./issue-hourly.ts";
import { issueAggregatesMigration } from "./migrations/0006-issue-aggregates.ts";
import { issueUserCountsMigration } from "./migrations/0008-issue-user-counts.ts";
import { issueTagValuesAllMigration } from "./migrations/0009-issue-tag-values-all.ts";

let h: Harness;
const H0 = Math.floor(Date.now() / 1000 / 3600) * 3600 - 5 * 3600;

beforeAll(async () => {
  h = await createHarness();
  await insertEvents(h.services.events, [
    eventRow({ group_id: 1, timestamp: H0 + 5, user: "id:a", tags: [["browser", "Chrome"]] }),
    eventRow({ group_id: 1, timestamp: H0 + 3600, user: "id:b", tags: [["browser", "Firefox"]] }),
    eventRow({ group_id: 1, timestamp: H0 + 3700, user: "", environment: "staging", tags: [["browser", "Chrome"]] }),
    eventRow({ group_id: 1, timestamp: H0 + 3800, user: "id:z", deleted: 1, tags: [["browser", "Edge"]] }),
  ]);
  // A second insert: the views aggregate per insert block, readers merge.
  await insertEvents(h.services.events, [eventRow({ group_id: 2, timestamp: H0 + 10, user: "id:a" })]);
});
afterAll(async () => {
  await h?.close();
});

const tagCounts = async (table = "issue_tag_values") =>
  h.services.events.query(
    `SELECT tag_key, tag_value, countMerge(times) AS n FROM ${table}
     WHERE project_id = 1 AND group_id IN (1, 2) GROUP BY tag_key, tag_value ORDER BY tag_key, tag_value`,
  );

describe("issue aggregates (migration 6)", () => {
  it("counts events and distinct non-empty users per issue and hour, skipping deleted rows", async () => {
    const q = h.services.events;
    expect(await userCountsByGroup(q, 1, [1, 2, 3])).toEqual(
      new Map([
        [1, 2],
        [2, 1],
      ]),
    );
    expect(await userCountsOfProject(q, 1)).toEqual(
      new Map([
        [1, 2],
        [2, 1],
      ]),
    );
    const buckets = await countsByGroupBucket(q, 1, [1], { from: H0, bucketSeconds: 3600 });
    expect(buckets.sort((a, b) => a.bucket - b.bucket)).toEqual([
      { group_id: 1, bucket: H0, count: 1 },
      { group_id: 1, bucket: H0 + 3600, count: 2 },
    ]);
    expect(await tagCounts()).toEqual([
      { tag_key: "browser", tag_value: "Chrome", n: 2 },
      { tag_key: "browser", tag_value: "Firefox", n: 1 },
    ]);
  });

  it("counts users exactly up to a few hundred per issue, merged across inserts (uniqCombined(14), migration 8)", async () => {
    const users = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) =>
        eventRow({ group_id: 7, timestamp: H0 + 20, user: `id:u${from + i}` }),
      );
    // Two blocks that overlap by 100 users: a union, not a sum.
    await insertEvents(h.services.events, users(0, 250));
    await insertEvents(h.services.events, users(200, 400));
    expect(await userCountsByGroup(h.services.events, 1, [7])).toEqual(new Map([[7, 400]]));
  });

  it("backfills existing events into empty tables once; reruns add nothing", async () => {
    const before = await tagCounts();
    // Migration 9's all-environments rows hold the same counts as migration 6's summed over environments.
    expect(await tagCounts("issue_tag_values_all")).toEqual(before);
    await h.services.events.exec("TRUNCATE TABLE issue_tag_values_all");
    await h.services.events.exec("TRUNCATE TABLE issue_tag_values");
    await h.services.events.exec("TRUNCATE TABLE issue_hourly");
    await h.services.events.exec("TRUNCATE TABLE issue_user_counts");
    for (let run = 0; run < 2; run++) {
      for (const m of [issueAggregatesMigration, issueUserCountsMigration, issueTagValuesAllMigration]) {
        for (const statement of m.statements(featuresFor("18.16.1"))) await h.services.events.exec(statement);
      }
    }
    expect(await tagCounts()).toEqual(before);
    expect(await tagCounts("issue_tag_values_all")).toEqual(before);
    expect(await userCountsByGroup(h.services.events, 1, [1])).toEqual(new Map([[1, 2]]));
    // Migration 8 replaced migration 6's user states: the old table and its view are gone.
    const old = await h.services.events.query(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ('issue_users', 'issue_users_mv')",
    );
    expect(old).toEqual([]);
  });
});
