/**
 * @module
 * The alert rule editors' forms → the backend's rule bodies (zod, STYLE c). A form edits the
 * common shape: each condition once, one filter of each kind (level, release, tag), one action of
 * each kind. Filters it does not show (a rule made through the API may have more) are kept as they
 * are. Secret fields left empty keep the stored secret (the API's placeholder is sent back).
 */
import { z } from "zod";
import {
  CONDITION,
  FILTER,
  formFilters,
  INTERVALS,
  type IssueAlertRule,
  REDACTED,
  type RuleAction,
  type RuleCondition,
  type RuleFilter,
} from "../utils/alert-rules.ts";

const text = z.string().trim();
const checkbox = z.literal("on").optional();
const count = z.coerce.number({ error: "Counts must be numbers" }).int("Counts must be whole numbers").min(0);

const IssueRuleForm = z.object({
  name: text.min(1, "Give the rule a name").max(256),
  enabled: checkbox,
  environment: text.max(64),
  actionMatch: z.enum(["all", "any"]),
  filterMatch: z.enum(["all", "any", "none"]),
  frequency: z.coerce.number().int("The cool-down is whole minutes").min(0).max(43_200),
  cond_new: checkbox,
  cond_regression: checkbox,
  cond_freq: checkbox,
  freq_value: count,
  freq_interval: z.enum(INTERVALS),
  cond_users: checkbox,
  users_value: count,
  users_interval: z.enum(INTERVALS),
  level_match: z.enum(["", "eq", "gte", "lte"]),
  level: z.coerce.number().int(),
  release: text.max(200),
  tag_key: text.max(200),
  tag_match: z.enum(["eq", "ne", "co", "nc"]),
  tag_value: text.max(200),
  webhook_url: text.max(2_000),
  webhook_secret: text.max(200),
  email: text.max(2_000),
  slack_url: text.max(2_000),
});

/**
 * The webhook (an empty secret field keeps a stored secret: the API's placeholder goes back) and
 * email actions of a form.
 */
function webhookAndEmail(
  f: { webhook_url: string; webhook_secret: string; email: string },
  storedWebhook: RuleAction | undefined,
): RuleAction[] {
  const actions: RuleAction[] = [];
  if (f.webhook_url) {
    const keep = storedWebhook?.id === "webhook" && storedWebhook.secret === REDACTED;
    const secret = f.webhook_secret || (keep ? REDACTED : undefined);
    actions.push({ id: "webhook", url: f.webhook_url, ...(secret ? { secret } : {}) });
  }
  const emails = f.email.split(/[\s,;]+/).filter(Boolean);
  if (emails.length > 0) actions.push({ id: "email", targetIdentifier: emails });
  return actions;
}

/**
 * The rule body from the form, or the first problem.
 * @param stored the rule as the API shows it (secrets redacted), when editing
 */
export function issueRuleBody(form: FormData, stored: IssueAlertRule | null): { body: unknown } | { error: string } {
  const parsed = IssueRuleForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid form" };
  const f = parsed.data;
  const conditions: RuleCondition[] = [];
  if (f.cond_new) conditions.push({ id: CONDITION.firstSeen });
  if (f.cond_regression) conditions.push({ id: CONDITION.regression });
  if (f.cond_freq) conditions.push({ id: CONDITION.frequency, value: f.freq_value, interval: f.freq_interval });
  if (f.cond_users) conditions.push({ id: CONDITION.users, value: f.users_value, interval: f.users_interval });
  if (conditions.length === 0) return { error: "Choose at least one condition" };

  const filters: RuleFilter[] = [];
  if (f.level_match) filters.push({ id: FILTER.level, match: f.level_match, level: f.level });
  if (f.release) filters.push({ id: FILTER.attribute, attribute: "release", match: "eq", value: f.release });
  if (f.tag_key) filters.push({ id: FILTER.tagged, key: f.tag_key, match: f.tag_match, value: f.tag_value });
  filters.push(...formFilters(stored?.filters ?? []).others);

  const before = (id: RuleAction["id"]) => stored?.actions.find((a) => a.id === id);
  const actions = webhookAndEmail(f, before("webhook"));
  const slackKept = before("slack");
  if (f.slack_url) actions.push({ id: "slack", webhookUrl: f.slack_url });
  else if (slackKept && form.get("slack_keep") === "on") actions.push(slackKept);
  if (actions.length === 0) return { error: "Choose at least one action (webhook, email or Slack)" };

  return {
    body: {
      name: f.name,
      status: f.enabled ? "active" : "disabled",
      environment: f.environment || null,
      actionMatch: f.actionMatch,
      filterMatch: f.filterMatch,
      frequency: f.frequency,
      conditions,
      filters,
      actions,
    },
  };
}

const MetricRuleForm = z.object({
  name: text.min(1, "Give the rule a name").max(256),
  enabled: checkbox,
  aggregate: z.enum(["count()", "count_unique(user)"]),
  query: text.max(1_000),
  environment: text.max(64),
  timeWindow: z.coerce.number().int("The window is whole minutes").min(1).max(1_440),
  thresholdType: z.enum(["0", "1"]),
  critical: z.coerce.number({ error: "The critical threshold must be a number" }),
  warning: text,
  resolve: text,
  webhook_url: text.max(2_000),
  webhook_secret: text.max(200),
  email: text.max(2_000),
});

const optionalNumber = (s: string): number | null | "invalid" => {
  if (s === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : "invalid";
};

/** The metric rule body from the form, or the first problem. */
export function metricRuleBody(
  form: FormData,
  project: string,
  stored: { triggers: { label: string; actions: RuleAction[] }[] } | null,
): { body: unknown } | { error: string } {
  const parsed = MetricRuleForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid form" };
  const f = parsed.data;
  const warning = optionalNumber(f.warning);
  const resolve = optionalNumber(f.resolve);
  if (warning === "invalid" || resolve === "invalid") return { error: "Thresholds must be numbers" };
  const old = stored?.triggers.find((t) => t.label === "critical")?.actions.find((a) => a.id === "webhook");
  const actions = webhookAndEmail(f, old);
  const triggers = [
    { label: "critical", alertThreshold: f.critical, actions },
    ...(warning === null ? [] : [{ label: "warning", alertThreshold: warning, actions }]),
  ];
  return {
    body: {
      name: f.name,
      status: f.enabled ? "active" : "disabled",
      aggregate: f.aggregate,
      query: f.query,
      environment: f.environment || null,
      timeWindow: f.timeWindow,
      thresholdType: Number(f.thresholdType),
      resolveThreshold: resolve,
      projects: [project],
      triggers,
    },
  };
}
