import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbClient } from "./chdb.ts";
import { HOSTILE_STRINGS } from "./escape.fixtures.ts";
import {
  escapeArray,
  escapeDateTime,
  escapeIdentifier,
  escapeList,
  escapeNumber,
  escapeString,
  identifier,
  literal,
  sql,
} from "./escape.ts";

describe("escapeString", () => {
  it("escapes quotes, backslashes and control characters", () => {
    expect(escapeString("it's")).toBe("'it\\'s'");
    expect(escapeString("a\\b")).toBe("'a\\\\b'");
    expect(escapeString("\u0000\n\r\t")).toBe("'\\0\\n\\r\\t'");
    expect(escapeString("\u0001\u007f")).toBe("'\\x01\\x7f'");
    expect(escapeString("żółć")).toBe("'żółć'");
  });

  it("never leaves an unescaped quote inside the literal", () => {
    for (const s of HOSTILE_STRINGS) {
      const inner = escapeString(s).slice(1, -1);
      // Every quote must be preceded by an odd number of backslashes.
      for (const m of inner.matchAll(/(\\*)'/g)) expect((m[1] ?? "").length % 2).toBe(1);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
      expect(inner).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });
});

describe("escapeNumber", () => {
  it("formats finite numbers and bigints", () => {
    expect(escapeNumber(42)).toBe("42");
    expect(escapeNumber(1.5)).toBe("1.5");
    expect(escapeNumber(-3)).toBe("(-3)");
    expect(escapeNumber(2n ** 64n - 1n)).toBe("18446744073709551615");
  });

  it("refuses NaN and infinities", () => {
    expect(() => escapeNumber(Number.NaN)).toThrow(RangeError);
    expect(() => escapeNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => escapeNumber(Number.NEGATIVE_INFINITY)).toThrow(RangeError);
  });

  it("cannot form a comment with a preceding minus", () => {
    expect(sql`SELECT 1 - ${-1}`).toBe("SELECT 1 - (-1)");
  });
});

describe("lists, arrays, identifiers, dates", () => {
  it("builds IN lists and refuses empty ones", () => {
    expect(escapeList(["a'b", 1, null])).toBe("('a\\'b', 1, NULL)");
    expect(() => escapeList([])).toThrow(RangeError);
    expect(escapeArray([])).toBe("[]");
    expect(escapeArray(["x", 2])).toBe("['x', 2]");
  });

  it("allows only listed identifiers", () => {
    expect(escapeIdentifier("events")).toBe("`events`");
    expect(escapeIdentifier("tags.key")).toBe("`tags`.`key`");
    expect(() => escapeIdentifier("events; DROP TABLE events")).toThrow(RangeError);
    expect(() => escapeIdentifier("system.users")).toThrow(RangeError);
    expect(() => escapeIdentifier("x", new Set(["x`"]))).toThrow(RangeError);
    expect(() => identifier("`events`")).toThrow(RangeError);
  });

  it("formats dates as toDateTime(unix seconds)", () => {
    expect(escapeDateTime(new Date("2024-01-01T00:00:00.900Z"))).toBe("toDateTime(1704067200)");
    expect(escapeDateTime(1704067200.5)).toBe("toDateTime(1704067200)");
    expect(() => escapeDateTime(new Date("nope"))).toThrow(RangeError);
  });

  it("dispatches by type in the sql tag", () => {
    const q = sql`SELECT ${identifier("event_id")} FROM events WHERE project_id = ${1} AND event_id IN ${["a", "b'"]} AND ok = ${true}`;
    expect(q).toBe("SELECT `event_id` FROM events WHERE project_id = 1 AND event_id IN ('a', 'b\\'') AND ok = 1");
    expect(literal(null)).toBe("NULL");
  });
});

describe("round trip through chDB", () => {
  let dir: string;
  let ch: ChdbClient;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "bw-escape-"));
    ch = ChdbClient.open(dir);
  });
  afterAll(async () => {
    await ch.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("returns every hostile string unchanged as one value", async () => {
    for (const s of HOSTILE_STRINGS) {
      const rows = await ch.query(`SELECT ${escapeString(s)} AS s, 1 AS only`);
      expect(rows).toEqual([{ s, only: 1 }]);
    }
  });

  it("keeps hostile values inside WHERE and IN clauses", async () => {
    await ch.exec("CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    await ch.exec("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    for (const s of HOSTILE_STRINGS) {
      expect(await ch.query(sql`SELECT id FROM t WHERE name = ${s}`)).toEqual([]);
      expect(await ch.query(sql`SELECT id FROM t WHERE name IN ${[s, "zz"]}`)).toEqual([]);
    }
    expect(await ch.query(sql`SELECT id FROM t WHERE name IN ${["b", "') OR 1=1 --"]}`)).toEqual([{ id: 2 }]);
  });
});
