/**
 * @module
 * Issue alert rules: CRUD scoped to a project, the pipeline's per-batch lookup, the cool-down claim
 * and the firing history.
 */
import { and, asc, desc, eq, gt, gte, inArray, sql } from "drizzle-orm";
import type { IssueRuleConfig } from "../../alerts/rule-config.ts";
import type { Db } from "../client.ts";
import {
  type AlertRuleRow,
  alertRuleFires,
  alertRuleIssueStates,
  alertRules,
  issues,
  organizations,
  projects,
} from "../schema/index.ts";

const columns = (c: IssueRuleConfig) => ({
  name: c.name,
  status: c.status,
  environment: c.environment,
  actionMatch: c.actionMatch,
  filterMatch: c.filterMatch,
  frequencyMinutes: c.frequency,
  conditions: c.conditions,
  filters: c.filters,
  actions: c.actions,
});

/** Rules of a project, oldest first. */
export async function listAlertRules(db: Db, projectId: number): Promise<AlertRuleRow[]> {
  return db.select().from(alertRules).where(eq(alertRules.projectId, projectId)).orderBy(asc(alertRules.id));
}

/** One rule of a project, or null. */
export async function getAlertRule(db: Db, projectId: number, ruleId: number): Promise<AlertRuleRow | null> {
  const [row] = await db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, ruleId)));
  return row ?? null;
}

/** Creates a rule. */
export async function createAlertRule(
  db: Db,
  scope: { organizationId: number; projectId: number },
  config: IssueRuleConfig,
): Promise<AlertRuleRow> {
  const [row] = await db
    .insert(alertRules)
    .values({ ...scope, ...columns(config) })
    .returning();
  if (!row) throw new Error("insert returned no rule");
  return row;
}

/** Replaces a rule's configuration; null when it does not exist. */
export async function updateAlertRule(
  db: Db,
  projectId: number,
  ruleId: number,
  config: IssueRuleConfig,
): Promise<AlertRuleRow | null> {
  const [row] = await db
    .update(alertRules)
    .set({ ...columns(config), updatedAt: new Date() })
    .where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, ruleId)))
    .returning();
  return row ?? null;
}

/** Deletes a rule (its history and cool-downs go with it); false when it did not exist. */
export async function deleteAlertRule(db: Db, projectId: number, ruleId: number): Promise<boolean> {
  const rows = await db
    .delete(alertRules)
    .where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, ruleId)))
    .returning({ id: alertRules.id });
  return rows.length > 0;
}

/** An active rule with the slugs notifications need. */
export interface ActiveAlertRule {
  rule: AlertRuleRow;
  projectSlug: string;
  organizationSlug: string;
}

/** The active rules of `projectIds`: ONE query per batch, the only cost for projects without rules. */
export async function activeRulesForProjects(db: Db, projectIds: readonly number[]): Promise<ActiveAlertRule[]> {
  if (projectIds.length === 0) return [];
  return db
    .select({ rule: alertRules, projectSlug: projects.slug, organizationSlug: organizations.slug })
    .from(alertRules)
    .innerJoin(projects, eq(projects.id, alertRules.projectId))
    .innerJoin(organizations, eq(organizations.id, alertRules.organizationId))
    .where(and(inArray(alertRules.projectId, [...projectIds]), eq(alertRules.status, "active")))
    .orderBy(asc(alertRules.id));
}

/**
 * Statuses of existing issues by `${projectId}:${hash}`, locked until the transaction ends, so the
 * pipeline can tell a regression (resolved before, unresolved after) without a race.
 */
export async function lockIssueStatuses(
  db: Db,
  keys: readonly { projectId: number; hash: string }[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ projectId: issues.projectId, hash: issues.primaryHash, status: issues.status })
    .from(issues)
    .where(
      and(
        inArray(issues.projectId, [...new Set(keys.map((k) => k.projectId))]),
        inArray(issues.primaryHash, [...new Set(keys.map((k) => k.hash))]),
      ),
    )
    .for("update");
  return new Map(rows.map((r) => [`${r.projectId}:${r.hash}`, r.status]));
}

/**
 * The (rule, issue) pairs among `pairs` whose cool-down runs past `now`, as `${ruleId}:${issueId}`.
 * A cheap indexed read that lets a storm skip the window-count queries; `claimFirings` stays the
 * race-free guard.
 */
export async function coolingDown(
  db: Db,
  pairs: readonly { ruleId: number; issueId: number }[],
  now: Date,
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db
    .select({ ruleId: alertRuleIssueStates.ruleId, issueId: alertRuleIssueStates.issueId })
    .from(alertRuleIssueStates)
    .where(
      and(
        inArray(alertRuleIssueStates.ruleId, [...new Set(pairs.map((p) => p.ruleId))]),
        inArray(alertRuleIssueStates.issueId, [...new Set(pairs.map((p) => p.issueId))]),
        gt(alertRuleIssueStates.cooldownUntil, now),
      ),
    );
  return new Set(rows.map((r) => `${r.ruleId}:${r.issueId}`));
}

/** A (rule, issue) pair that wants to fire. */
export interface FireClaim {
  ruleId: number;
  issueId: number;
  cooldownMinutes: number;
  /** Fire even inside the cool-down (a regression starts a new episode). */
  bypassCooldown: boolean;
}

/**
 * Claims firings against the per-(rule, issue) cool-down in one conditional upsert per kind: a pair
 * whose cool-down has not ended is not updated and so not returned. Concurrent batches serialize on
 * the row, so a storm fires once.
 * @returns claimed pairs as `${ruleId}:${issueId}`
 */
export async function claimFirings(db: Db, claims: readonly FireClaim[], now: Date): Promise<Set<string>> {
  const claimed = new Set<string>();
  for (const bypass of [false, true]) {
    const part = claims.filter((c) => c.bypassCooldown === bypass);
    if (part.length === 0) continue;
    const rows = await db
      .insert(alertRuleIssueStates)
      .values(
        part.map((c) => ({
          ruleId: c.ruleId,
          issueId: c.issueId,
          lastFiredAt: now,
          cooldownUntil: new Date(now.getTime() + c.cooldownMinutes * 60_000),
        })),
      )
      .onConflictDoUpdate({
        target: [alertRuleIssueStates.ruleId, alertRuleIssueStates.issueId],
        set: { lastFiredAt: sql`excluded.last_fired_at`, cooldownUntil: sql`excluded.cooldown_until` },
        ...(bypass ? {} : { setWhere: sql`${alertRuleIssueStates.cooldownUntil} <= excluded.last_fired_at` }),
      })
      .returning({ ruleId: alertRuleIssueStates.ruleId, issueId: alertRuleIssueStates.issueId });
    for (const r of rows) claimed.add(`${r.ruleId}:${r.issueId}`);
  }
  return claimed;
}

/** Records firings in the rule history. */
export async function recordFirings(
  db: Db,
  fires: readonly { ruleId: number; issueId: number; eventId: string; reason: string; firedAt: Date }[],
): Promise<void> {
  if (fires.length === 0) return;
  await db.insert(alertRuleFires).values([...fires]);
}

/** Sentry's group history row: an issue the rule fired for, how often, when last. */
export interface RuleGroupHistory {
  issueId: number;
  title: string;
  culprit: string;
  level: string;
  status: string;
  count: number;
  lastTriggered: Date;
  eventId: string;
}

/** Per issue: how often the rule fired for it, most recent first. */
export async function ruleGroupHistory(db: Db, ruleId: number, since: Date): Promise<RuleGroupHistory[]> {
  const rows = await db
    .select({
      issueId: alertRuleFires.issueId,
      title: issues.title,
      culprit: issues.culprit,
      level: issues.level,
      status: issues.status,
      count: sql<number>`count(*)::int`,
      lastTriggered: sql<Date>`max(${alertRuleFires.firedAt})`.mapWith(alertRuleFires.firedAt),
      eventId: sql<string>`(array_agg(${alertRuleFires.eventId} ORDER BY ${alertRuleFires.firedAt} DESC))[1]`,
    })
    .from(alertRuleFires)
    .innerJoin(issues, eq(issues.id, alertRuleFires.issueId))
    .where(and(eq(alertRuleFires.ruleId, ruleId), gte(alertRuleFires.firedAt, since)))
    // issues.id is the key of the join: its other columns may be selected (functional dependency).
    .groupBy(alertRuleFires.issueId, issues.id)
    .orderBy(desc(sql`max(${alertRuleFires.firedAt})`));
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** The rule's firings, newest first. */
export async function listRuleFires(db: Db, ruleId: number, limit: number) {
  return db
    .select({ fire: alertRuleFires, issueTitle: issues.title })
    .from(alertRuleFires)
    .innerJoin(issues, eq(issues.id, alertRuleFires.issueId))
    .where(eq(alertRuleFires.ruleId, ruleId))
    .orderBy(desc(alertRuleFires.firedAt), desc(alertRuleFires.id))
    .limit(limit);
}
