/**
 * @module
 * Issue-rule evaluation, pure: which events of a batch pass a rule's environment and filters, and
 * whether its conditions hold for an issue. Conditions are about the issue (created or regressed by
 * this batch, seen more than N times / by more than N users in a window); filters are about an
 * event. A rule fires for an issue when its conditions hold (`actionMatch`) and at least one of the
 * issue's events in the batch passes its filters (`filterMatch`); that event is the one reported.
 *
 * Frequency counts cost a ClickHouse query, so evaluation runs in two phases: `frequencyNeeds`
 * says which counts could still change the outcome, `decide` takes the counts fetched for them.
 */
import type { Event } from "@breakwater/core/schema";
import { eventTags, messageText } from "../events/derived.ts";
import {
  CONDITION_IDS,
  type Condition,
  FILTER_IDS,
  type Filter,
  INTERVAL_MINUTES,
  type Interval,
  type IssueRuleConfig,
  LEVEL_NUMBERS,
  type MatchType,
} from "./rule-config.ts";

/** An issue as one batch left it. */
export interface IssueInBatch {
  issueId: number;
  /** Created by this batch. */
  isNew: boolean;
  /** Reopened by this batch (was resolved, got a newer event). */
  isRegression: boolean;
  /** Total events after this batch: an upper bound for every window count. */
  timesSeen: number;
}

/** Window counts of one issue, by interval. */
export type WindowCounts = ReadonlyMap<Interval, { events: number; users: number }>;

/** Sentry's string matches. */
export function matchString(match: MatchType, actual: string | undefined, expected: string): boolean {
  const value = actual ?? "";
  const a = value.toLowerCase();
  const e = expected.toLowerCase();
  switch (match) {
    case "eq":
      return a === e;
    case "ne":
      return a !== e;
    case "co":
      return a.includes(e);
    case "nc":
      return !a.includes(e);
    case "sw":
      return a.startsWith(e);
    case "ew":
      return a.endsWith(e);
    case "is":
      return value !== "";
    case "ns":
      return value === "";
  }
}

function attribute(event: Event, name: string): string | undefined {
  switch (name) {
    case "environment":
      return event.environment;
    case "release":
      return event.release;
    case "level":
      return event.level;
    case "platform":
      return event.platform;
    case "message":
      return messageText(event) || event.exception?.values.at(-1)?.value;
    case "type":
      return event.exception?.values.at(-1)?.type;
    case "transaction":
      return event.transaction;
    default:
      return undefined;
  }
}

/** Whether one filter passes for `event`. */
export function filterPasses(filter: Filter, event: Event): boolean {
  switch (filter.id) {
    case FILTER_IDS.level: {
      const level = LEVEL_NUMBERS[event.level] ?? 0;
      if (filter.match === "eq") return level === filter.level;
      return filter.match === "gte" ? level >= filter.level : level <= filter.level;
    }
    case FILTER_IDS.attribute:
      return matchString(filter.match, attribute(event, filter.attribute), filter.value);
    case FILTER_IDS.tagged: {
      const values = eventTags(event)
        .filter(([k]) => k === filter.key)
        .map(([, v]) => v);
      if (filter.match === "is") return values.length > 0;
      if (filter.match === "ns") return values.length === 0;
      // A negative match must hold for every value; a positive one for some.
      const negative = filter.match === "ne" || filter.match === "nc";
      if (values.length === 0) return negative;
      return negative
        ? values.every((v) => matchString(filter.match, v, filter.value))
        : values.some((v) => matchString(filter.match, v, filter.value));
    }
  }
}

/** Whether `event` passes the rule's environment and its filters under `filterMatch`. */
export function eventPasses(rule: Pick<IssueRuleConfig, "environment" | "filters" | "filterMatch">, event: Event) {
  if (rule.environment !== null && (event.environment ?? "") !== rule.environment) return false;
  if (rule.filters.length === 0) return true;
  const results = rule.filters.map((f) => filterPasses(f, event));
  if (rule.filterMatch === "all") return results.every(Boolean);
  if (rule.filterMatch === "any") return results.some(Boolean);
  return !results.some(Boolean);
}

type FrequencyCondition = Extract<Condition, { interval: Interval }>;
const isFrequency = (c: Condition): c is FrequencyCondition => "interval" in c;

/** A condition's value, or undefined when it needs a window count that is not known. */
function conditionValue(c: Condition, issue: IssueInBatch, counts: WindowCounts | undefined): boolean | undefined {
  switch (c.id) {
    case CONDITION_IDS.firstSeen:
      return issue.isNew;
    case CONDITION_IDS.regression:
      return issue.isRegression;
    default: {
      // No window can hold more events (or users) than the issue has ever seen.
      if (issue.timesSeen <= c.value) return false;
      const count = counts?.get(c.interval);
      if (count === undefined) return undefined;
      return (c.id === CONDITION_IDS.eventFrequency ? count.events : count.users) > c.value;
    }
  }
}

/**
 * The intervals whose counts could change whether the rule fires for `issue` (empty: decidable now).
 */
export function frequencyNeeds(rule: Pick<IssueRuleConfig, "conditions" | "actionMatch">, issue: IssueInBatch) {
  const known = rule.conditions.map((c) => conditionValue(c, issue, undefined));
  const decided = rule.actionMatch === "all" ? known.includes(false) : known.includes(true);
  if (decided) return [];
  const needs = new Set<Interval>();
  rule.conditions.forEach((c, i) => {
    if (known[i] === undefined && isFrequency(c)) needs.add(c.interval);
  });
  return [...needs];
}

/**
 * Whether the rule's conditions hold for `issue`, and the reason to report (`new`, `regression`,
 * `frequency`), or null. A rule without conditions never fires (Sentry requires one).
 */
export function decide(
  rule: Pick<IssueRuleConfig, "conditions" | "actionMatch">,
  issue: IssueInBatch,
  counts: WindowCounts | undefined,
): string | null {
  if (rule.conditions.length === 0) return null;
  const values = rule.conditions.map((c) => conditionValue(c, issue, counts) ?? false);
  const holds = rule.actionMatch === "all" ? values.every(Boolean) : values.some(Boolean);
  if (!holds) return null;
  const first = rule.conditions.find((_, i) => values[i]);
  if (first?.id === CONDITION_IDS.firstSeen) return "new";
  if (first?.id === CONDITION_IDS.regression) return "regression";
  return "frequency";
}

/** Minutes of an interval. */
export const intervalMinutes = (i: Interval): number => INTERVAL_MINUTES[i];

/** A sentence for the notification. */
export function describeReason(reason: string, rule: Pick<IssueRuleConfig, "conditions">): string {
  if (reason === "new") return "A new issue was created";
  if (reason === "regression") return "The issue regressed (it was resolved and got a new event)";
  const parts = rule.conditions
    .filter(isFrequency)
    .map((c) =>
      c.id === CONDITION_IDS.eventFrequency
        ? `seen more than ${c.value} times in ${c.interval}`
        : `more than ${c.value} users affected in ${c.interval}`,
    );
  return `The issue was ${parts.join(" and ")}`;
}
