/**
 * @module
 * Metric alert rules: CRUD scoped to an organization, the scheduler's list, state transitions and
 * the evaluation series.
 */
import { and, asc, desc, eq, gte } from "drizzle-orm";
import type { MetricState } from "../../alerts/rule-config.ts";
import type { Db } from "../client.ts";
import {
  type MetricAlertEvaluationRow,
  type MetricAlertRuleRow,
  metricAlertEvaluations,
  metricAlertRules,
  organizations,
  projects,
} from "../schema/index.ts";

/** The writable columns. */
export type MetricRuleColumns = Pick<
  typeof metricAlertRules.$inferInsert,
  | "projectId"
  | "name"
  | "status"
  | "aggregate"
  | "query"
  | "environment"
  | "timeWindowMinutes"
  | "thresholdType"
  | "resolveThreshold"
  | "triggers"
>;

/** A rule with its project's slug. */
export interface MetricRuleWithProject {
  rule: MetricAlertRuleRow;
  projectSlug: string;
  organizationSlug: string;
}

const withProject = {
  rule: metricAlertRules,
  projectSlug: projects.slug,
  organizationSlug: organizations.slug,
};

/** Rules of an organization, oldest first. */
export async function listMetricRules(db: Db, organizationId: number): Promise<MetricRuleWithProject[]> {
  return db
    .select(withProject)
    .from(metricAlertRules)
    .innerJoin(projects, eq(projects.id, metricAlertRules.projectId))
    .innerJoin(organizations, eq(organizations.id, metricAlertRules.organizationId))
    .where(eq(metricAlertRules.organizationId, organizationId))
    .orderBy(asc(metricAlertRules.id));
}

/** One rule of an organization, or null. */
export async function getMetricRule(db: Db, organizationId: number, id: number): Promise<MetricRuleWithProject | null> {
  const [row] = await db
    .select(withProject)
    .from(metricAlertRules)
    .innerJoin(projects, eq(projects.id, metricAlertRules.projectId))
    .innerJoin(organizations, eq(organizations.id, metricAlertRules.organizationId))
    .where(and(eq(metricAlertRules.organizationId, organizationId), eq(metricAlertRules.id, id)));
  return row ?? null;
}

/** Every active rule (the scheduler's round). */
export async function activeMetricRules(db: Db): Promise<MetricRuleWithProject[]> {
  return db
    .select(withProject)
    .from(metricAlertRules)
    .innerJoin(projects, eq(projects.id, metricAlertRules.projectId))
    .innerJoin(organizations, eq(organizations.id, metricAlertRules.organizationId))
    .where(eq(metricAlertRules.status, "active"))
    .orderBy(asc(metricAlertRules.id));
}

/** Creates a rule. */
export async function createMetricRule(db: Db, organizationId: number, c: MetricRuleColumns): Promise<number> {
  const [row] = await db
    .insert(metricAlertRules)
    .values({ ...c, organizationId })
    .returning({ id: metricAlertRules.id });
  if (!row) throw new Error("insert returned no rule");
  return row.id;
}

/** Replaces a rule's configuration; a changed rule starts again from `ok`. False when missing. */
export async function updateMetricRule(db: Db, organizationId: number, id: number, c: MetricRuleColumns) {
  const rows = await db
    .update(metricAlertRules)
    .set({ ...c, updatedAt: new Date() })
    .where(and(eq(metricAlertRules.organizationId, organizationId), eq(metricAlertRules.id, id)))
    .returning({ id: metricAlertRules.id });
  return rows.length > 0;
}

/** Deletes a rule; false when missing. */
export async function deleteMetricRule(db: Db, organizationId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(metricAlertRules)
    .where(and(eq(metricAlertRules.organizationId, organizationId), eq(metricAlertRules.id, id)))
    .returning({ id: metricAlertRules.id });
  return rows.length > 0;
}

/**
 * Records an evaluation and moves the rule to `next`, only if it is still in `previous` (another
 * process evaluating the same rule loses the race and records nothing).
 * @returns false when the rule changed meanwhile
 */
export async function recordEvaluation(
  db: Db,
  o: { ruleId: number; previous: MetricState; next: MetricState; value: number; at: Date },
): Promise<boolean> {
  const changed = o.previous !== o.next;
  const updated = await db
    .update(metricAlertRules)
    .set({ state: o.next, lastEvaluatedAt: o.at, ...(changed ? { stateChangedAt: o.at } : {}) })
    .where(and(eq(metricAlertRules.id, o.ruleId), eq(metricAlertRules.state, o.previous)))
    .returning({ id: metricAlertRules.id });
  if (updated.length === 0) return false;
  await db
    .insert(metricAlertEvaluations)
    .values({ ruleId: o.ruleId, evaluatedAt: o.at, value: o.value, state: o.next, changed });
  return true;
}

/** Evaluations of a rule since `since`, newest first, at most `limit`. */
export async function listEvaluations(
  db: Db,
  ruleId: number,
  since: Date,
  limit: number,
): Promise<MetricAlertEvaluationRow[]> {
  return db
    .select()
    .from(metricAlertEvaluations)
    .where(and(eq(metricAlertEvaluations.ruleId, ruleId), gte(metricAlertEvaluations.evaluatedAt, since)))
    .orderBy(desc(metricAlertEvaluations.evaluatedAt), desc(metricAlertEvaluations.id))
    .limit(limit);
}
