import { describe, expect, it } from "vitest";
import { metricSnubaQuery, metricSql, parseSearch } from "./query.ts";

describe("parseSearch", () => {
  it("reads key:value terms, negation and quoted values", () => {
    const r = parseSearch(' level:error !environment:dev browser:"Mobile Safari" release:"a\\"b" ');
    expect(r).toEqual({
      ok: true,
      value: [
        { key: "level", value: "error", negated: false },
        { key: "environment", value: "dev", negated: true },
        { key: "browser", value: "Mobile Safari", negated: false },
        { key: "release", value: 'a"b', negated: false },
      ],
    });
    expect(parseSearch("").ok).toBe(true);
    expect(parseSearch("free text").ok).toBe(false);
  });
});

describe("metric queries", () => {
  const terms = parseSearch("level:error !browser:x' event.type:error");
  if (!terms.ok) throw new Error(terms.error);
  const q = {
    projectId: 3,
    terms: terms.value,
    environment: "prod",
    from: 1_700_000_000_000,
    to: 1_700_000_600_000,
  };

  it("map promoted fields to columns and other keys to tags, users without the empty user", () => {
    expect(metricSnubaQuery({ ...q, aggregate: "count_unique(user)" })).toEqual({
      project: [3],
      aggregations: [["uniq", "user", "value"]],
      conditions: [
        ["level", "=", "error"],
        ["tags[browser]", "!=", "x'"],
        ["environment", "=", "prod"],
        ["user", "!=", ""],
      ],
      from_date: "2023-11-14T22:13:20.000Z",
      to_date: "2023-11-14T22:23:20.000Z",
      limit: 1,
    });
  });

  it("compile through the query service: project, window, escaping", () => {
    const compiled = metricSql({ ...q, aggregate: "count()" });
    if (!compiled.ok) throw new Error(compiled.error);
    const text = compiled.value.sql;
    expect(text).toContain("count()");
    expect(text).toContain("PREWHERE project_id IN (3)");
    expect(text).toContain("'x\\''");
    expect(compiled.value.range).toEqual({ from: 1_700_000_000, to: 1_700_000_600 });
  });
});
