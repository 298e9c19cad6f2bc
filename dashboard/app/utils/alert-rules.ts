/**
 * @module
 * Alert rules as the backend's API shows them (Sentry's project rules and organization alert
 * rules, see backend/README.md "Alerts"), the ids the editor uses, and one-line summaries.
 */

/** Sentry's condition ids. */
export const CONDITION = {
  firstSeen: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
  regression: "sentry.rules.conditions.regression_event.RegressionEventCondition",
  frequency: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
  users: "sentry.rules.conditions.event_frequency.EventUniqueUserFrequencyCondition",
} as const;

/** Sentry's filter ids. */
export const FILTER = {
  level: "sentry.rules.filters.level.LevelFilter",
  attribute: "sentry.rules.filters.event_attribute.EventAttributeFilter",
  tagged: "sentry.rules.filters.tagged_event.TaggedEventFilter",
} as const;

/** Frequency windows the backend accepts. */
export const INTERVALS = ["1m", "5m", "15m", "1h", "1d", "1w", "30d"] as const;

/** Levels and Sentry's numbers for them. */
export const LEVELS = [
  ["debug", 10],
  ["info", 20],
  ["warning", 30],
  ["error", 40],
  ["fatal", 50],
] as const;

/** What the API shows instead of a secret. */
export const REDACTED = "********";

/** A rule condition. */
export type RuleCondition =
  | { id: typeof CONDITION.firstSeen | typeof CONDITION.regression }
  | { id: typeof CONDITION.frequency | typeof CONDITION.users; value: number; interval: string };

/** A rule filter. */
export type RuleFilter =
  | { id: typeof FILTER.level; match: "eq" | "gte" | "lte"; level: number }
  | { id: typeof FILTER.attribute; attribute: string; match: string; value: string }
  | { id: typeof FILTER.tagged; key: string; match: string; value: string };

/** A notification action (secrets redacted). */
export type RuleAction =
  | { id: "webhook"; url: string; secret?: string }
  | { id: "email"; targetIdentifier: string[] }
  | { id: "slack"; webhookUrl: string };

/** `GET .../rules/{id}/`. */
export interface IssueAlertRule {
  id: string;
  name: string;
  status: "active" | "disabled";
  environment: string | null;
  actionMatch: "all" | "any";
  filterMatch: "all" | "any" | "none";
  frequency: number;
  conditions: RuleCondition[];
  filters: RuleFilter[];
  actions: RuleAction[];
  dateCreated: string;
}

/** `GET /organizations/{org}/alert-rules/{id}/`. */
export interface MetricAlertRule {
  id: string;
  name: string;
  status: "active" | "disabled";
  aggregate: "count()" | "count_unique(user)";
  query: string;
  environment: string | null;
  timeWindow: number;
  thresholdType: 0 | 1;
  resolveThreshold: number | null;
  triggers: { label: "critical" | "warning"; alertThreshold: number; actions: RuleAction[] }[];
  projects: string[];
  state: "ok" | "warning" | "critical";
  dateStateChanged: string | null;
  lastEvaluated: string | null;
}

/** A notification with its delivery attempts (rule history). */
export interface AlertNotificationRow {
  id: string;
  kind: "issue" | "metric" | "test";
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  dateCreated: string;
  dateDelivered: string | null;
  action: RuleAction;
  title: string;
  reason: string;
  url: string;
  deliveries: {
    attempt: number;
    result: "success" | "error";
    target: string;
    httpStatus: number | null;
    error: string | null;
    durationMs: number;
    dateAttempted: string;
  }[];
}

/** "When …" in words. */
export function describeConditions(rule: Pick<IssueAlertRule, "conditions" | "actionMatch">): string {
  const parts = rule.conditions.map((c) => {
    if (!("value" in c)) return c.id === CONDITION.firstSeen ? "a new issue is created" : "an issue regresses";
    if (c.id === CONDITION.frequency) return `seen more than ${c.value} times in ${c.interval}`;
    return `more than ${c.value} users affected in ${c.interval}`;
  });
  return parts.join(rule.actionMatch === "all" ? " and " : " or ");
}

/** "Then …" in words. */
export function describeAction(a: RuleAction): string {
  if (a.id === "webhook") return `webhook ${a.url}${a.secret ? " (signed)" : ""}`;
  if (a.id === "email") return `email ${a.targetIdentifier.join(", ")}`;
  return "Slack";
}

/** Which of a rule's filters the form shows (the first of each kind); the others are kept. */
export function formFilters(filters: readonly RuleFilter[]) {
  const level = filters.find((f) => f.id === FILTER.level);
  const release = filters.find((f) => f.id === FILTER.attribute && f.attribute === "release" && f.match === "eq");
  const tag = filters.find((f) => f.id === FILTER.tagged);
  return { level, release, tag, others: filters.filter((f) => f !== level && f !== release && f !== tag) };
}
