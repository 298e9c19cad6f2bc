import { describe, expect, it } from "vitest";
import { metricSql, parseSearch } from "./query.ts";

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

describe("metricSql", () => {
  it("uses columns for promoted fields, tags otherwise, and escapes every value", () => {
    const terms = parseSearch("level:error !browser:x' event.type:error");
    if (!terms.ok) throw new Error(terms.error);
    const text = metricSql({
      projectId: 3,
      aggregate: "count_unique(user)",
      terms: terms.value,
      environment: "prod",
      from: 1_700_000_000_000,
      to: 1_700_000_600_000,
    });
    expect(text).toBe(
      "SELECT uniqIf(user, user != '') AS value FROM events WHERE deleted = 0 AND project_id = 3 AND " +
        "timestamp >= toDateTime(1700000000) AND timestamp < toDateTime(1700000600) AND environment = 'prod' AND " +
        "`level` = 'error' AND NOT arrayExists((k, v) -> k = 'browser' AND v = 'x\\'', tags.key, tags.value)",
    );
  });
});
