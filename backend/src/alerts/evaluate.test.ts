import type { Event } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import { errorRecord } from "../testutil/records.ts";
import { decide, eventPasses, filterPasses, frequencyNeeds, type IssueInBatch, matchString } from "./evaluate.ts";
import { CONDITION_IDS, FILTER_IDS, FilterSchema, type IssueRuleConfig } from "./rule-config.ts";

const event = (over: Partial<Event> = {}): Event => ({ ...errorRecord().event, ...over });
const issue = (over: Partial<IssueInBatch> = {}): IssueInBatch => ({
  issueId: 1,
  isNew: false,
  isRegression: false,
  timesSeen: 1,
  ...over,
});
const firstSeen = { id: CONDITION_IDS.firstSeen } as const;
const regression = { id: CONDITION_IDS.regression } as const;
const moreThan10in1h = { id: CONDITION_IDS.eventFrequency, value: 10, interval: "1h" } as const;
const users5in1d = { id: CONDITION_IDS.uniqueUsers, value: 5, interval: "1d" } as const;
type RuleBits = Pick<IssueRuleConfig, "conditions" | "actionMatch">;

describe("conditions", () => {
  it("fires on a new issue, not on a known one", () => {
    const rule: RuleBits = { conditions: [firstSeen], actionMatch: "all" };
    expect(decide(rule, issue({ isNew: true }), undefined)).toBe("new");
    expect(decide(rule, issue(), undefined)).toBeNull();
  });

  it("fires on a regression", () => {
    const rule: RuleBits = { conditions: [regression], actionMatch: "all" };
    expect(decide(rule, issue({ isRegression: true }), undefined)).toBe("regression");
    expect(decide(rule, issue({ isNew: true }), undefined)).toBeNull();
  });

  it("counts strictly more than N in the window", () => {
    const rule: RuleBits = { conditions: [moreThan10in1h], actionMatch: "all" };
    const i = issue({ timesSeen: 50 });
    expect(decide(rule, i, new Map([["1h", { events: 11, users: 1 }]]))).toBe("frequency");
    expect(decide(rule, i, new Map([["1h", { events: 10, users: 1 }]]))).toBeNull();
  });

  it("counts users for the unique-user condition", () => {
    const rule: RuleBits = { conditions: [users5in1d], actionMatch: "all" };
    const i = issue({ timesSeen: 50 });
    expect(decide(rule, i, new Map([["1d", { events: 50, users: 6 }]]))).toBe("frequency");
    expect(decide(rule, i, new Map([["1d", { events: 50, users: 5 }]]))).toBeNull();
  });

  it("asks ClickHouse only when a count can still change the outcome", () => {
    const all: RuleBits = { conditions: [firstSeen, moreThan10in1h], actionMatch: "all" };
    // not new: "all" already fails
    expect(frequencyNeeds(all, issue({ timesSeen: 100 }))).toEqual([]);
    // new but seen only 3 times ever: no window can hold more than 10
    expect(frequencyNeeds(all, issue({ isNew: true, timesSeen: 3 }))).toEqual([]);
    expect(frequencyNeeds(all, issue({ isNew: true, timesSeen: 30 }))).toEqual(["1h"]);
    const any: RuleBits = { conditions: [firstSeen, moreThan10in1h, users5in1d], actionMatch: "any" };
    // new: "any" already holds
    expect(frequencyNeeds(any, issue({ isNew: true, timesSeen: 100 }))).toEqual([]);
    expect(frequencyNeeds(any, issue({ timesSeen: 100 }))).toEqual(["1h", "1d"]);
  });

  it("combines with any / all", () => {
    const counts = new Map([["1h", { events: 20, users: 1 }]] as const);
    expect(
      decide({ conditions: [firstSeen, moreThan10in1h], actionMatch: "any" }, issue({ timesSeen: 20 }), counts),
    ).toBe("frequency");
    expect(
      decide({ conditions: [firstSeen, moreThan10in1h], actionMatch: "all" }, issue({ timesSeen: 20 }), counts),
    ).toBeNull();
    expect(decide({ conditions: [], actionMatch: "all" }, issue({ isNew: true }), undefined)).toBeNull();
  });
});

describe("filters", () => {
  const parse = (f: unknown) => FilterSchema.parse(f);

  it("compares levels numerically", () => {
    const gteError = parse({ id: FILTER_IDS.level, match: "gte", level: "error" });
    expect(filterPasses(gteError, event({ level: "fatal" }))).toBe(true);
    expect(filterPasses(gteError, event({ level: "error" }))).toBe(true);
    expect(filterPasses(gteError, event({ level: "warning" }))).toBe(false);
    expect(filterPasses(parse({ id: FILTER_IDS.level, match: "eq", level: 30 }), event({ level: "warning" }))).toBe(
      true,
    );
  });

  it("matches event attributes", () => {
    const prod = parse({ id: FILTER_IDS.attribute, attribute: "environment", match: "eq", value: "production" });
    expect(filterPasses(prod, event({ environment: "production" }))).toBe(true);
    expect(filterPasses(prod, event({ environment: "staging" }))).toBe(false);
    const rel = parse({ id: FILTER_IDS.attribute, attribute: "release", match: "sw", value: "app@2" });
    expect(filterPasses(rel, event({ release: "app@2.1.0" }))).toBe(true);
    expect(filterPasses(rel, event({ release: "app@1.0.0" }))).toBe(false);
  });

  it("matches tag values, including promoted tags", () => {
    const ff = parse({ id: FILTER_IDS.tagged, key: "browser", match: "eq", value: "Firefox" });
    expect(filterPasses(ff, event())).toBe(true);
    expect(filterPasses(ff, event({ tags: [["browser", "Chrome"]] }))).toBe(false);
    const notFf = parse({ id: FILTER_IDS.tagged, key: "browser", match: "ne", value: "firefox" });
    expect(filterPasses(notFf, event())).toBe(false);
    expect(filterPasses(notFf, event({ tags: [] }))).toBe(true);
    const hasUser = parse({ id: FILTER_IDS.tagged, key: "user", match: "is" });
    expect(filterPasses(hasUser, event())).toBe(true);
    expect(filterPasses(hasUser, event({ user: undefined }))).toBe(false);
  });

  it("applies the rule environment and filterMatch", () => {
    const filters = [
      parse({ id: FILTER_IDS.level, match: "gte", level: "error" }),
      parse({ id: FILTER_IDS.tagged, key: "browser", match: "eq", value: "Chrome" }),
    ];
    const e = event({ level: "error" }); // browser Firefox
    expect(eventPasses({ environment: null, filters, filterMatch: "all" }, e)).toBe(false);
    expect(eventPasses({ environment: null, filters, filterMatch: "any" }, e)).toBe(true);
    expect(eventPasses({ environment: null, filters, filterMatch: "none" }, event({ level: "info" }))).toBe(true);
    expect(eventPasses({ environment: "staging", filters: [], filterMatch: "all" }, e)).toBe(false);
    expect(eventPasses({ environment: "production", filters: [], filterMatch: "all" }, e)).toBe(true);
  });

  it("implements Sentry's string matches", () => {
    expect(matchString("co", "Database timeout", "TIME")).toBe(true);
    expect(matchString("nc", "Database timeout", "time")).toBe(false);
    expect(matchString("ew", "app@1.2", "1.2")).toBe(true);
    expect(matchString("ns", undefined, "")).toBe(true);
    expect(matchString("is", "", "")).toBe(false);
  });
});
