/**
 * @module
 * The shapes of alert rules, as the API takes them and as they are stored (jsonb): issue-rule
 * conditions and filters with Sentry's ids, actions (webhook, email, Slack incoming webhook), and
 * metric-rule triggers. One zod schema per piece; the stored form is the parsed form.
 * @see https://docs.sentry.io/api/alerts/create-an-issue-alert-rule-for-a-project/
 */
import { z } from "zod";

/** Sentry's condition ids. */
export const CONDITION_IDS = {
  firstSeen: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
  regression: "sentry.rules.conditions.regression_event.RegressionEventCondition",
  eventFrequency: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
  uniqueUsers: "sentry.rules.conditions.event_frequency.EventUniqueUserFrequencyCondition",
} as const;

/** Sentry's filter ids. */
export const FILTER_IDS = {
  level: "sentry.rules.filters.level.LevelFilter",
  attribute: "sentry.rules.filters.event_attribute.EventAttributeFilter",
  tagged: "sentry.rules.filters.tagged_event.TaggedEventFilter",
} as const;

/** Sentry's frequency-condition intervals, in minutes. */
export const INTERVAL_MINUTES = {
  "1m": 1,
  "5m": 5,
  "15m": 15,
  "1h": 60,
  "1d": 1_440,
  "1w": 10_080,
  "30d": 43_200,
} as const;
/** A frequency-condition interval (`"1h"`). */
export type Interval = keyof typeof INTERVAL_MINUTES;
const IntervalSchema = z.enum(Object.keys(INTERVAL_MINUTES) as [Interval, ...Interval[]]);

const FrequencyFields = {
  /** The condition holds when the count is strictly greater than this. */
  value: z.coerce.number().int().min(0).max(1_000_000_000),
  interval: IntervalSchema,
};

/** One issue-rule condition. */
export const ConditionSchema = z.discriminatedUnion("id", [
  z.object({ id: z.literal(CONDITION_IDS.firstSeen) }),
  z.object({ id: z.literal(CONDITION_IDS.regression) }),
  z.object({ id: z.literal(CONDITION_IDS.eventFrequency), ...FrequencyFields }),
  z.object({ id: z.literal(CONDITION_IDS.uniqueUsers), ...FrequencyFields }),
]);
/** One issue-rule condition. */
export type Condition = z.infer<typeof ConditionSchema>;

/** Sentry's numeric levels: a level filter compares these. */
export const LEVEL_NUMBERS: Readonly<Record<string, number>> = {
  debug: 10,
  info: 20,
  warning: 30,
  error: 40,
  fatal: 50,
};

/** String matches of attribute and tag filters (Sentry's `MatchType`). */
export const MATCH_TYPES = ["eq", "ne", "co", "nc", "sw", "ew", "is", "ns"] as const;
/** A string match: equals, not equals, contains, not contains, starts/ends with, is set, is not set. */
export type MatchType = (typeof MATCH_TYPES)[number];

/** Event attributes an attribute filter may test. */
export const FILTER_ATTRIBUTES = [
  "environment",
  "release",
  "level",
  "platform",
  "message",
  "type",
  "transaction",
] as const;

const LevelValueSchema = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((v) => v in LEVEL_NUMBERS || Object.values(LEVEL_NUMBERS).includes(Number(v)), {
    message: "unknown level (debug, info, warning, error, fatal or 10..50)",
  })
  .transform((v) => (v in LEVEL_NUMBERS ? (LEVEL_NUMBERS[v] as number) : Number(v)));

/** One issue-rule filter: tested against each event of the batch. */
export const FilterSchema = z.discriminatedUnion("id", [
  z.object({ id: z.literal(FILTER_IDS.level), match: z.enum(["eq", "gte", "lte"]), level: LevelValueSchema }),
  z.object({
    id: z.literal(FILTER_IDS.attribute),
    attribute: z.enum(FILTER_ATTRIBUTES),
    match: z.enum(MATCH_TYPES),
    value: z.string().max(200).default(""),
  }),
  z.object({
    id: z.literal(FILTER_IDS.tagged),
    key: z.string().min(1).max(200),
    match: z.enum(MATCH_TYPES),
    value: z.string().max(200).default(""),
  }),
]);
/** One issue-rule filter. */
export type Filter = z.infer<typeof FilterSchema>;

/** Action ids. Ours are short; there is no Sentry equivalent of a bare signed webhook per rule. */
export const ACTION_IDS = { webhook: "webhook", email: "email", slack: "slack" } as const;

const HttpUrl = z.url({ protocol: /^https?$/ }).max(2_000);

/** One notification action. Secrets (`secret`, the Slack URL) are write-only: the API never shows them. */
export const ActionSchema = z.discriminatedUnion("id", [
  z.object({
    id: z.literal(ACTION_IDS.webhook),
    url: HttpUrl,
    /** HMAC-SHA256 key of the `X-Breakwater-Signature` header; absent = unsigned. */
    secret: z.string().min(8).max(200).optional(),
  }),
  z.object({
    id: z.literal(ACTION_IDS.email),
    /** Recipients (Sentry's `targetIdentifier` for a specific address). */
    targetIdentifier: z
      .union([z.email(), z.array(z.email()).min(1).max(50)])
      .transform((v) => (Array.isArray(v) ? v : [v])),
  }),
  z.object({ id: z.literal(ACTION_IDS.slack), webhookUrl: HttpUrl }),
]);
/** One notification action (parsed: email recipients are a list). */
export type Action = z.infer<typeof ActionSchema>;

/** Placeholder the API shows instead of a secret; sending it back keeps the stored value. */
export const REDACTED = "********";

/** An issue alert rule as stored (the columns besides ids and dates). */
export interface IssueRuleConfig {
  name: string;
  status: "active" | "disabled";
  /** Only events of this environment count; null = any. */
  environment: string | null;
  actionMatch: "all" | "any";
  filterMatch: "all" | "any" | "none";
  /** Cool-down, minutes: after a rule fires for an issue it stays quiet for that issue this long. */
  frequency: number;
  conditions: Condition[];
  filters: Filter[];
  actions: Action[];
}

/** Metric-rule aggregates: Sentry's names, plus ClickHouse's `uniq(user)` spelling. */
export const METRIC_AGGREGATES = ["count()", "count_unique(user)"] as const;
/** A metric aggregate. */
export type MetricAggregate = (typeof METRIC_AGGREGATES)[number];

/** One metric-rule trigger (Sentry: `critical` or `warning`). */
export const TriggerSchema = z.object({
  label: z.enum(["critical", "warning"]),
  alertThreshold: z.number().finite(),
  actions: z.array(ActionSchema).max(10).default([]),
});
/** A metric-rule trigger. */
export type Trigger = z.infer<typeof TriggerSchema>;

/** Metric alert states. */
export const METRIC_STATES = ["ok", "warning", "critical"] as const;
/** A metric alert state. */
export type MetricState = (typeof METRIC_STATES)[number];
