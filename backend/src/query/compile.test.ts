import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileQuery } from "./compile.ts";
import { type SnubaQueryInput, SnubaQuerySchema } from "./schema.ts";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Compiles for project 1 with a fixed clock; throws on a refusal (the happy-path tests). */
function sqlOf(input: SnubaQueryInput, projectIds: number[] = [1]): string {
  const r = compileQuery(SnubaQuerySchema.parse(input), { projectIds, nowMs: NOW });
  if (!r.ok) throw new Error(r.error);
  return r.value.sql;
}

function refusal(input: unknown): string {
  const parsed = SnubaQuerySchema.safeParse(input);
  if (!parsed.success) return `schema: ${parsed.error.issues[0]?.message}`;
  const r = compileQuery(parsed.data, { projectIds: [1], nowMs: NOW });
  if (r.ok) throw new Error(`compiled: ${r.value.sql}`);
  return r.error;
}

describe("compileQuery: SQL snapshots", () => {
  it("the seed example of DESIGN 3.3 (tag-key counts)", () => {
    expect(
      sqlOf({
        project: [1],
        aggregations: [["count()", "", "count"]],
        conditions: [["project_id", "IN", [1]]],
        groupby: ["tags_key"],
        granularity: 3600,
        from_date: "2019-02-14T20:10:02",
        to_date: "2019-05-15T20:10:02",
        orderby: "-count",
        limit: 1000,
      }),
    ).toMatchInlineSnapshot(`
      "SELECT tags_key AS _c0, count() AS _c1
      FROM events
      ARRAY JOIN \`tags.key\` AS tags_key
      PREWHERE project_id IN (1)
      WHERE deleted = 0 AND \`timestamp\` >= toDateTime(1550175002) AND \`timestamp\` < toDateTime(1557951002) AND (\`project_id\` IN (1))
      GROUP BY _c0
      ORDER BY _c1 DESC
      LIMIT 0, 1000
      SETTINGS max_execution_time = 10"
    `);
  });

  it("a time series by tag value with OR conditions, having and every aggregate family", () => {
    expect(
      sqlOf(
        {
          aggregations: [
            ["count()", "", "count"],
            ["uniq", "user", "users"],
            ["quantile(0.95)", "received", "p95"],
            ["argMax", ["release", "timestamp"], "last_release"],
            ["countIf", ["level", "=", "error"], "errors"],
          ],
          conditions: [
            ["environment", "=", "production"],
            [
              ["tags[browser]", "LIKE", "Chrom%"],
              ["level", "IN", ["error", "fatal"]],
            ],
            ["timestamp", ">=", "2026-01-14T00:00:00Z"],
          ],
          groupby: ["time", "tags_value"],
          having: [["count", ">", 1]],
          granularity: 3600,
          orderby: ["time", "-count"],
          limit: 50,
          offset: 10,
        },
        [1, 2],
      ),
    ).toMatchInlineSnapshot(`
      "SELECT intDiv(toUInt32(\`timestamp\`), 3600) * 3600 AS _c0, tags_pair[2] AS _c1, count() AS _c2, uniq(\`user\`) AS _c3, quantile(0.95)(toUInt32(\`received\`)) AS _c4, argMax(\`release\`, toUInt32(\`timestamp\`)) AS _c5, countIf(\`level\` = 'error') AS _c6
      FROM events
      ARRAY JOIN arrayMap((k, v) -> [k, v], \`tags.key\`, \`tags.value\`) AS tags_pair
      PREWHERE project_id IN (1, 2)
      WHERE deleted = 0 AND \`timestamp\` >= toDateTime(1760702400) AND \`timestamp\` < toDateTime(1768478400) AND (\`environment\` = 'production') AND ((\`tags.value\`[indexOf(\`tags.key\`, 'browser')] LIKE 'Chrom%') OR (\`level\` IN ('error', 'fatal'))) AND (\`timestamp\` >= toDateTime(1768348800))
      GROUP BY _c0, _c1
      HAVING (_c2 > 1)
      ORDER BY _c0 ASC, _c2 DESC
      LIMIT 10, 50
      SETTINGS max_execution_time = 10"
    `);
  });

  it("plain selected columns without aggregation", () => {
    expect(
      sqlOf({ selected_columns: ["event_id", "timestamp", "tags[url]"], orderby: "-timestamp", limit: 5 }),
    ).toMatchInlineSnapshot(`
      "SELECT \`event_id\` AS _c0, toUInt32(\`timestamp\`) AS _c1, \`tags.value\`[indexOf(\`tags.key\`, 'url')] AS _c2
      FROM events
      PREWHERE project_id IN (1)
      WHERE deleted = 0 AND \`timestamp\` >= toDateTime(1760702400) AND \`timestamp\` < toDateTime(1768478400)
      ORDER BY _c1 DESC
      LIMIT 0, 5
      SETTINGS max_execution_time = 10"
    `);
  });

  it("hostile literals stay literals", () => {
    const sql = sqlOf({
      aggregations: [["count()", "", "count"]],
      conditions: [
        ["message", "=", "') OR 1=1 --"],
        ["title", "NOT IN", ["\\'", "a\nb", "ü🙂", "\u0000"]],
        ["group_id", "IN", []],
        ["project_id", "!=", -1],
      ],
    });
    expect(sql).toContain("(`message` = '\\') OR 1=1 --')");
    expect(sql).toContain("(`title` NOT IN ('\\\\\\'', 'a\\nb', 'ü🙂', '\\0'))");
    expect(sql).toContain("(0)");
    expect(sql).toContain("(`project_id` != (-1))");
  });
});

describe("compileQuery: refusals", () => {
  it.each([
    [{ selected_columns: ["data"] }, 'Unknown column: "data"'],
    [{ selected_columns: ["event_id; DROP TABLE events"] }, "Unknown column"],
    [{ aggregations: [["count()", "", "count"]], conditions: [["password", "=", "x"]] }, 'Unknown column: "password"'],
    [{ selected_columns: ["tags[a'b]"] }, "Unknown column"],
    [{ aggregations: [["sleep", "timestamp", "x"]] }, "Unsupported aggregate function"],
    [{ aggregations: [["count() FROM system.users --", "", "x"]] }, "Unsupported aggregate function"],
    [{ aggregations: [["quantile(2)", "timestamp", "x"]] }, "quantile() takes a level"],
    [{ aggregations: [["avg", "title", "x"]] }, "needs a numeric column"],
    [{ aggregations: [["count()", "", "x y"]] }, "Invalid alias"],
    [{ aggregations: [["count()", "", "c"]], selected_columns: ["level"] }, "must be in groupby"],
    [{ aggregations: [["count()", "", "c"]], orderby: "level" }, "not in the output"],
    [{ aggregations: [["count()", "", "c"]], having: [["nope", ">", 1]] }, "having: unknown output"],
    [{ selected_columns: ["level"], conditions: [["group_id", "=", "abc"]] }, "expected a number"],
    [{ selected_columns: ["level"], conditions: [["timestamp", ">", "yesterday"]] }, "expected a date"],
    [{ selected_columns: ["level"], conditions: [["group_id", "LIKE", "1%"]] }, "only string columns"],
    [{ selected_columns: ["level"], from_date: "2026-01-02", to_date: "2026-01-01" }, "from_date must not be after"],
    [{ selected_columns: ["level"], limit: 10_001 }, "schema: Too big"],
    [{ selected_columns: ["level"], sql: "SELECT 1" }, "schema: Unrecognized key"],
  ])("%j → %s", (input, message) => {
    expect(refusal(input)).toContain(message);
  });

  it("never lets a column name outside the allow-list through", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (name) => {
        const parsed = SnubaQuerySchema.safeParse({ selected_columns: [name] });
        fc.pre(parsed.success);
        if (!parsed.success) return;
        const r = compileQuery(parsed.data, { projectIds: [1], nowMs: NOW });
        const allowed = /^[a-z_]+$/.test(name) || /^tags\[[a-zA-Z0-9_.:-]{1,200}\]$/.test(name);
        if (!allowed) expect(r.ok).toBe(false);
        if (r.ok) expect(r.value.sql).not.toMatch(/;|--/);
      }),
      { numRuns: 300 },
    );
  });
});
