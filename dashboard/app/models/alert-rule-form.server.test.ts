import { describe, expect, it } from "vitest";
import { CONDITION, FILTER, type IssueAlertRule, REDACTED } from "../utils/alert-rules.ts";
import { issueRuleBody, metricRuleBody } from "./alert-rule-form.server.ts";

const base = {
  name: "R",
  enabled: "on",
  environment: "",
  actionMatch: "any",
  filterMatch: "all",
  frequency: "30",
  freq_value: "100",
  freq_interval: "1h",
  users_value: "10",
  users_interval: "1h",
  level_match: "",
  level: "40",
  release: "",
  tag_key: "",
  tag_match: "eq",
  tag_value: "",
  webhook_url: "https://example.com/hook",
  webhook_secret: "",
  email: "",
  slack_url: "",
};
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries({ ...base, ...fields })) f.set(k, v);
  return f;
};

describe("issue rule form", () => {
  it("builds Sentry's conditions, filters and actions", () => {
    const r = issueRuleBody(
      form({
        cond_new: "on",
        cond_freq: "on",
        level_match: "gte",
        tag_key: "area",
        tag_value: "x",
        email: "a@b.c, d@e.f",
      }),
      null,
    );
    expect(r).toEqual({
      body: expect.objectContaining({
        status: "active",
        conditions: [{ id: CONDITION.firstSeen }, { id: CONDITION.frequency, value: 100, interval: "1h" }],
        filters: [
          { id: FILTER.level, match: "gte", level: 40 },
          { id: FILTER.tagged, key: "area", match: "eq", value: "x" },
        ],
        actions: [
          { id: "webhook", url: "https://example.com/hook" },
          { id: "email", targetIdentifier: ["a@b.c", "d@e.f"] },
        ],
      }),
    });
    expect(issueRuleBody(form({}), null)).toEqual({ error: "Choose at least one condition" });
  });

  it("keeps a stored secret and filters the form does not show", () => {
    const stored = {
      filters: [
        { id: FILTER.tagged, key: "a", match: "eq", value: "1" },
        { id: FILTER.tagged, key: "b", match: "eq", value: "2" },
      ],
      actions: [{ id: "webhook", url: "https://example.com/hook", secret: REDACTED }],
    } as unknown as IssueAlertRule;
    const r = issueRuleBody(form({ cond_new: "on", tag_key: "a", tag_value: "1" }), stored) as { body: IssueAlertRule };
    expect(r.body.actions).toEqual([{ id: "webhook", url: "https://example.com/hook", secret: REDACTED }]);
    expect(r.body.filters.map((f) => ("key" in f ? f.key : ""))).toEqual(["a", "b"]);
  });
});

describe("metric rule form", () => {
  it("builds triggers and thresholds", () => {
    const f = new FormData();
    for (const [k, v] of Object.entries({
      name: "M",
      aggregate: "count()",
      query: "level:error",
      environment: "",
      timeWindow: "10",
      thresholdType: "0",
      critical: "5",
      warning: "",
      resolve: "1",
      webhook_url: "",
      webhook_secret: "",
      email: "o@p.q",
    }))
      f.set(k, v);
    expect(metricRuleBody(f, "default", null)).toEqual({
      body: expect.objectContaining({
        projects: ["default"],
        resolveThreshold: 1,
        triggers: [{ label: "critical", alertThreshold: 5, actions: [{ id: "email", targetIdentifier: ["o@p.q"] }] }],
      }),
    });
  });
});
