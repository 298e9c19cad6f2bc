/**
 * The query API executed against the real EventStore (chDB embedded, ClickHouse 18.16 with
 * CLICKHOUSE_URL) over a dataset whose answers are known.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertEvents } from "../clickhouse/events.ts";
import type { QueryResult } from "../query/execute.ts";
import { eventRow } from "../testutil/event-rows.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { withSaturatedQueries } from "../testutil/saturate-queries.ts";

let h: Harness;
let other: Awaited<ReturnType<typeof createOtherOrg>>;
// An hour boundary well inside the default 90-day range.
const T0 = Math.floor(Date.now() / 1000 / 3600) * 3600 - 10 * 3600;
const FROM = new Date((T0 - 3600) * 1000).toISOString().slice(0, 19);
const TO = new Date((T0 + 5 * 3600) * 1000).toISOString().slice(0, 19);

/** Hostile strings, each stored as the message of exactly one event of group 900+i. */
const HOSTILE = [
  "') OR 1=1 --",
  "' OR '1'='1",
  "\\",
  "\\'",
  "a\\%b",
  "100%",
  "x_y",
  "\u0000nul",
  "line\nbreak\ttab",
  "üñîçødé 🙂 ✓",
  "`backtick`",
  "'; DROP TABLE events; --",
  "\u2028\u2029",
  ...fc.sample(fc.string({ unit: "binary", maxLength: 20 }), { seed: 42, numRuns: 40 }),
].filter((s, i, all) => all.indexOf(s) === i && s.length > 0 && !/[\uD800-\uDFFF]/.test(s));

beforeAll(async () => {
  h = await createHarness();
  other = await createOtherOrg(h.services.db);
  const rows = [
    // group 1: 10 events over two hours, browser Chrome ×6 / Firefox ×4, users u0..u2
    ...Array.from({ length: 10 }, (_, i) =>
      eventRow({
        group_id: 1,
        timestamp: T0 + (i < 6 ? 60 * i : 3600 + 60 * i),
        level: "error",
        user: `id:u${i % 3}`,
        release: i < 5 ? "app@1.0" : "app@2.0",
        tags: [
          ["browser", i < 6 ? "Chrome" : "Firefox"],
          ["level", "error"],
        ],
      }),
    ),
    // group 2: 5 warnings in hour 2, Chrome on Linux
    ...Array.from({ length: 5 }, (_, i) =>
      eventRow({
        group_id: 2,
        timestamp: T0 + 2 * 3600 + i,
        level: "warning",
        user: "id:u9",
        tags: [
          ["browser", "Chrome"],
          ["os", "Linux"],
        ],
      }),
    ),
    // deleted, and out of range: never counted
    eventRow({ group_id: 1, timestamp: T0 + 10, deleted: 1, tags: [["browser", "Chrome"]] }),
    eventRow({ group_id: 1, timestamp: T0 - 30 * 86_400, tags: [["browser", "Chrome"]] }),
    // another organization's project
    ...Array.from({ length: 7 }, () =>
      eventRow({ project_id: other.projectId, group_id: 3, timestamp: T0 + 5, tags: [["browser", "Chrome"]] }),
    ),
    ...HOSTILE.map((message, i) => eventRow({ group_id: 900 + i, timestamp: T0 + 4 * 3600, message })),
  ];
  await insertEvents(h.services.events, rows);
});
afterAll(async () => {
  await h?.close();
});

async function query(body: unknown, auth = h.auth) {
  const res = await h.app.request("/api/0/organizations/default/query/", {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { res, body: (await res.json()) as QueryResult & { detail?: string } };
}

const range = { from_date: FROM, to_date: TO };

describe("POST /api/0/organizations/{org}/query/", () => {
  it("answers the seed example of DESIGN 3.3 with the tag-key counts", async () => {
    const { res, body } = await query({
      project: [1],
      aggregations: [["count()", "", "count"]],
      conditions: [["project_id", "IN", [1]]],
      groupby: ["tags_key"],
      granularity: 3600,
      ...range,
      orderby: "-count",
      limit: 1000,
    });
    expect(res.status).toBe(200);
    expect(body.data).toEqual([
      { tags_key: "browser", count: 15 },
      { tags_key: "level", count: 10 },
      { tags_key: "os", count: 5 },
    ]);
    expect(body.meta).toEqual([
      { name: "tags_key", type: "String" },
      { name: "count", type: "UInt64" },
    ]);
    expect(body.timing).toMatchObject({ duration_ms: expect.any(Number), marks_ms: { execute: expect.any(Number) } });
  });

  it("tag values per key, a tags[x] column and a time series", async () => {
    const values = await query({
      aggregations: [["count()", "", "count"]],
      groupby: ["tags_key", "tags_value"],
      conditions: [["tags_key", "=", "browser"]],
      orderby: ["-count", "tags_value"],
      ...range,
    });
    expect(values.body.data).toEqual([
      { tags_key: "browser", tags_value: "Chrome", count: 11 },
      { tags_key: "browser", tags_value: "Firefox", count: 4 },
    ]);
    const series = await query({
      aggregations: [
        ["count()", "", "count"],
        ["uniq", "user", "users"],
      ],
      groupby: ["time"],
      conditions: [["tags[browser]", "=", "Chrome"]],
      granularity: 3600,
      orderby: "time",
      ...range,
    });
    expect(series.body.data).toEqual([
      { time: T0, count: 6, users: 3 },
      { time: T0 + 2 * 3600, count: 5, users: 1 },
    ]);
  });

  it("ORs nested conditions, filters with having, aggregates per group", async () => {
    const { body } = await query({
      aggregations: [
        ["count()", "", "count"],
        ["countIf", ["level", "=", "warning"], "warnings"],
        ["argMax", ["release", "timestamp"], "last_release"],
        ["min", "timestamp", "first_seen"],
      ],
      groupby: ["group_id"],
      conditions: [
        [
          ["tags[browser]", "=", "Firefox"],
          ["tags[os]", "LIKE", "Lin%"],
        ],
        ["message", "=", ""],
      ],
      having: [["count", ">=", 4]],
      orderby: "group_id",
      ...range,
    });
    expect(body.data).toEqual([
      { group_id: 1, count: 4, warnings: 0, last_release: "app@2.0", first_seen: T0 + 3600 + 360 },
      { group_id: 2, count: 5, warnings: 5, last_release: "", first_seen: T0 + 2 * 3600 },
    ]);
  });

  it("defaults, limit and offset", async () => {
    const { body } = await query({
      selected_columns: ["group_id", "timestamp"],
      orderby: ["-timestamp", "group_id"],
      conditions: [["group_id", "<", 3]],
      limit: 2,
      offset: 1,
    });
    expect(body.data).toHaveLength(2);
    expect(body.data[0]).toEqual({ group_id: 2, timestamp: T0 + 2 * 3600 + 3 });
  });

  it("hostile literals match exactly the one event that carries them", async () => {
    for (const [i, message] of HOSTILE.entries()) {
      const { res, body } = await query({
        aggregations: [
          ["count()", "", "count"],
          ["max", "group_id", "group"],
        ],
        conditions: [["message", "=", message]],
        ...range,
      });
      expect(res.status, JSON.stringify(message)).toBe(200);
      expect(body.data, JSON.stringify(message)).toEqual([{ count: 1, group: 900 + i }]);
      const negated = await query({
        aggregations: [["count()", "", "count"]],
        conditions: [
          ["message", "NOT IN", [message]],
          ["group_id", ">=", 900],
        ],
        ...range,
      });
      expect(negated.body.data).toEqual([{ count: HOSTILE.length - 1 }]);
    }
  });

  it("LIKE keeps the caller's escapes: a\\%b matches the literal a%b only", async () => {
    const { body } = await query({
      aggregations: [["count()", "", "count"]],
      conditions: [["message", "LIKE", "100\\%"]],
      ...range,
    });
    expect(body.data).toEqual([{ count: 1 }]);
  });

  it("a huge IN list is one literal list", async () => {
    const ids = Array.from({ length: 9_999 }, (_, i) => `id:x${i}`);
    ids.push("id:u1");
    const { res, body } = await query({
      aggregations: [["count()", "", "count"]],
      conditions: [["user", "IN", ids]],
      ...range,
    });
    expect(res.status).toBe(200);
    expect(body.data).toEqual([{ count: 3 }]);
    ids.push("id:one-too-many");
    expect((await query({ aggregations: [["count()", "", "c"]], conditions: [["user", "IN", ids]] })).res.status).toBe(
      400,
    );
  });

  it("is confined to the organization's projects", async () => {
    const all = await query({ aggregations: [["count()", "", "count"]], ...range });
    expect(all.body.data).toEqual([{ count: 15 + HOSTILE.length }]);
    const mine = await query({ aggregations: [["count()", "", "count"]], ...range }, other.auth);
    expect(await mine.res.status).toBe(404); // another organization's slug
    const res = await h.app.request("/api/0/organizations/other/query/", {
      method: "POST",
      headers: { ...other.auth, "content-type": "application/json" },
      body: JSON.stringify({ aggregations: [["count()", "", "count"]], ...range }),
    });
    expect(await res.json()).toMatchObject({ data: [{ count: 7 }] });
    expect((await query({ project: [other.projectId], aggregations: [["count()", "", "c"]] })).res.status).toBe(403);
    expect((await query({ project: [1, 9999], aggregations: [["count()", "", "c"]] })).res.status).toBe(403);
    const viaCondition = await query({
      aggregations: [["count()", "", "c"]],
      conditions: [["project_id", "IN", [1, other.projectId]]],
    });
    expect(viaCondition.res.status).toBe(403);
  });

  it("refuses what is not allowed with 400 and a reason", async () => {
    const unknown = await query({ selected_columns: ["data"] });
    expect(unknown.res.status).toBe(400);
    expect(unknown.body.detail).toContain('Unknown column: "data"');
    expect((await query({ aggregations: [["count()", "", "c"]], limit: 10_001 })).res.status).toBe(400);
  });

  it("answers 429 with Retry-After when the organization's slots and queue are full", async () => {
    await withSaturatedQueries(h.services.events, 1, async () => {
      const { res } = await query({ aggregations: [["uniq", "event_id", "c"]], ...range });
      expect(res.status).toBe(429);
      expect(res.headers.get("Retry-After")).toBe("1");
    });
    expect((await query({ aggregations: [["uniq", "event_id", "c"]], ...range })).res.status).toBe(200);
  });
});
