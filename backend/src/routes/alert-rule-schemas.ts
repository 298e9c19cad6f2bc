/**
 * @module
 * Request bodies of the alert rule endpoints (zod), Sentry's field names.
 */
import { z } from "zod";
import { parseSearch } from "../alerts/metric/query.ts";
import { ActionSchema, ConditionSchema, FilterSchema, TriggerSchema } from "../alerts/rule-config.ts";

/** Most minutes of a cool-down: 30 days, as Sentry's `frequency`. */
const MAX_FREQUENCY = 43_200;

/** `POST|PUT .../rules/`: an issue alert rule. */
export const IssueRuleBodySchema = z.object({
  name: z.string().trim().min(1).max(256),
  status: z.enum(["active", "disabled"]).default("active"),
  environment: z.string().trim().min(1).max(64).nullable().default(null),
  actionMatch: z.enum(["all", "any"]).default("all"),
  filterMatch: z.enum(["all", "any", "none"]).default("all"),
  /** Per-issue cool-down, minutes. */
  frequency: z.coerce.number().int().min(0).max(MAX_FREQUENCY).default(30),
  conditions: z.array(ConditionSchema).min(1).max(20),
  filters: z.array(FilterSchema).max(20).default([]),
  actions: z.array(ActionSchema).min(1).max(10),
});
/** A parsed issue rule body. */
export type IssueRuleBody = z.infer<typeof IssueRuleBodySchema>;

/** `POST .../rules/test-fire-actions/`: the actions to try, or a saved rule's (`ruleId`). */
export const TestFireBodySchema = z
  .object({
    name: z.string().trim().min(1).max(256).default("Test notification"),
    actions: z.array(ActionSchema).min(1).max(10).optional(),
    ruleId: z.coerce.number().int().positive().optional(),
  })
  .refine((b) => b.actions !== undefined || b.ruleId !== undefined, { message: "give actions or ruleId" });

/** Sentry's `count_unique(user)`; ClickHouse's spelling is accepted as the same. */
const AggregateSchema = z
  .enum(["count()", "count_unique(user)", "uniq(user)", "count_unique(tags[sentry:user])"])
  .transform((a) => (a === "count()" ? ("count()" as const) : ("count_unique(user)" as const)));

/** `POST|PUT /organizations/{org}/alert-rules/`: a metric alert rule. */
export const MetricRuleBodySchema = z
  .object({
    name: z.string().trim().min(1).max(256),
    status: z.enum(["active", "disabled"]).default("active"),
    dataset: z.literal("events").default("events"),
    aggregate: AggregateSchema,
    query: z
      .string()
      .max(1_000)
      .default("")
      .refine((q) => parseSearch(q).ok, { message: "must be key:value terms (e.g. level:error browser:Firefox)" }),
    environment: z.string().trim().min(1).max(64).nullable().default(null),
    /** Minutes. */
    timeWindow: z.coerce.number().int().min(1).max(1_440),
    /** Exactly one project slug (rules are evaluated per project). */
    projects: z.array(z.string().min(1)).length(1),
    thresholdType: z.union([z.literal(0), z.literal(1)]).default(0),
    resolveThreshold: z.number().finite().nullable().default(null),
    triggers: z.array(TriggerSchema).min(1).max(2),
  })
  .refine((b) => b.triggers.some((t) => t.label === "critical"), {
    message: "a critical trigger is required",
    path: ["triggers"],
  })
  .refine((b) => new Set(b.triggers.map((t) => t.label)).size === b.triggers.length, {
    message: "one trigger per label",
    path: ["triggers"],
  });
/** A parsed metric rule body. */
export type MetricRuleBody = z.infer<typeof MetricRuleBodySchema>;
