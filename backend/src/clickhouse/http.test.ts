/**
 * The HTTP EventStore adapter. The pure parts run always; the rest needs a ClickHouse server
 * (`CLICKHOUSE_URL`, e.g. `scripts/services/clickhouse.sh start`: Debian's 18.16) and runs in a
 * throwaway database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createClusterNamespace } from "../testutil/cluster.ts";
import { HOSTILE_STRINGS } from "./escape.fixtures.ts";
import { escapeString, sql } from "./escape.ts";
import { ClickHouseError, clickHouseErrorCode, HttpClickHouseClient } from "./http.ts";
import { migrateEventStore } from "./migrate.ts";
import { CH_MIGRATIONS } from "./migrations/index.ts";

describe("clickHouseErrorCode", () => {
  it("reads the code of the 18.16 format, the modern one and chDB's", () => {
    expect(
      clickHouseErrorCode(
        "Code: 46, e.displayText() = DB::Exception: Unknown function JSONExtractString, e.what() = DB::Exception",
      ),
    ).toBe(46);
    expect(clickHouseErrorCode("Code: 60. DB::Exception: Table default.nope does not exist. (UNKNOWN_TABLE)")).toBe(60);
    expect(clickHouseErrorCode("ChdbSyntaxError: Code: 62. DB::Exception: Syntax error")).toBe(62);
    expect(clickHouseErrorCode("connect ECONNREFUSED 127.0.0.1:8123")).toBeUndefined();
  });
});

describe.skipIf(!process.env.CLICKHOUSE_URL)("HttpClickHouseClient against a server", () => {
  let ch: HttpClickHouseClient;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const ns = await createClusterNamespace({ CLICKHOUSE_URL: process.env.CLICKHOUSE_URL }, "ch");
    drop = ns.drop;
    if (ns.stores.eventStore.kind !== "http") throw new Error("no server");
    ch = await HttpClickHouseClient.open(ns.stores.eventStore);
  });
  afterAll(async () => {
    await ch?.close();
    await drop?.();
  });

  it("creates its database on open and runs every query in it", async () => {
    expect(await ch.query("SELECT currentDatabase() AS db")).toEqual([{ db: ch.database }]);
  });

  it("applies the migrations once; a second run is a no-op", async () => {
    const first = await migrateEventStore(ch);
    expect(first.applied).toEqual(CH_MIGRATIONS.map((m) => m.version));
    const second = await migrateEventStore(ch);
    expect(second.applied).toEqual([]);
    const [row] = (await ch.query("SHOW CREATE TABLE events")) as { statement: string }[];
    expect(row?.statement).toContain("ReplacingMergeTree(deleted)");
    if (first.features.major < 20) expect(row?.statement).not.toMatch(/CODEC|LowCardinality|INDEX/);
  });

  it("returns 64-bit integers as numbers, like chDB", async () => {
    const rows = await ch.query("SELECT count() AS n, toUInt64(5) AS u, toInt64(-3) AS i FROM system.one");
    expect(rows).toEqual([{ n: 1, u: 5, i: -3 }]);
    const schema = z.object({ n: z.coerce.number() });
    expect(await ch.query("SELECT toUInt64(7) AS n", schema)).toEqual([{ n: 7 }]);
  });

  it("returns every hostile string unchanged as one value", async () => {
    for (const s of HOSTILE_STRINGS) {
      expect(await ch.query(`SELECT ${escapeString(s)} AS s, 1 AS only`)).toEqual([{ s, only: 1 }]);
    }
  });

  it("inserts JSONEachRow with Nested columns and unix-second DateTimes", async () => {
    await ch.exec(
      "CREATE TABLE IF NOT EXISTS events_probe (id UInt32, at DateTime, tags Nested(key String, value String)) ENGINE = MergeTree ORDER BY id",
    );
    // The allow-list guards inserts: a table that is not ours is refused before any request.
    await expect(ch.insertJsonEachRow("events_probe", [{ id: 1 }])).rejects.toThrow(RangeError);
    await ch.exec(
      sql`INSERT INTO events_probe (id, at, tags.key, tags.value) VALUES (1, toDateTime(${1704067200}), ['k'], [${"v'1"}])`,
    );
    expect(
      await ch.query("SELECT id, toUnixTimestamp(at) AS at, tags.key AS k, tags.value AS v FROM events_probe"),
    ).toEqual([{ id: 1, at: 1704067200, k: ["k"], v: ["v'1"] }]);
  });

  it("takes an IN list of 10,000 event ids (beyond the default max_query_size)", async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => i.toString(16).padStart(32, "0"));
    expect(await ch.query(sql`SELECT count() AS n FROM events WHERE event_id IN ${ids}`)).toEqual([{ n: 0 }]);
  });

  it("throws ClickHouseError with the server's code", async () => {
    const failed = await ch.query("SELECT nope_function(1)").catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ClickHouseError);
    expect((failed as ClickHouseError).code).toBe(46);
  });
});
