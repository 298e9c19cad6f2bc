/**
 * @module
 * Issue alert rules in the pipeline, per batch and inside its Postgres transaction, so a firing is
 * decided, its cool-down claimed and its notifications enqueued (outbox) atomically with the issue
 * counters: a batch that rolls back fires nothing, and a replayed batch (dedupe drops it) fires
 * nothing twice.
 *
 * Cost: one indexed query per batch for the projects' active rules; when there are none, nothing
 * else. With rules: one locking read of the batch's existing issues' statuses (to tell regressions),
 * ClickHouse only for rules with frequency conditions whose outcome is still open (one query per
 * distinct window), one cool-down upsert, and inserts into history and outbox for what fired.
 * Notifications are sent later by the worker (`./worker.ts`), never in the batch.
 */
import type { Event } from "@breakwater/core/schema";
import type { Querier } from "../clickhouse/interface.ts";
import { issueWindowCounts } from "../clickhouse/issue-window-counts.ts";
import type { Db } from "../db/client.ts";
import { enqueueNotifications, type OutboxEntry } from "../db/queries/alert-outbox.ts";
import {
  type ActiveAlertRule,
  activeRulesForProjects,
  claimFirings,
  coolingDown,
  type FireClaim,
  lockIssueStatuses,
  recordFirings,
} from "../db/queries/alert-rules.ts";
import type { UpsertedIssue } from "../db/queries/issue-upsert.ts";
import { shortId } from "../issues/short-id.ts";
import type { Logger } from "../logger.ts";
import { toIssueRuleConfig } from "./config-from-row.ts";
import {
  decide,
  describeReason,
  eventPasses,
  frequencyNeeds,
  type IssueInBatch,
  intervalMinutes,
  type WindowCounts,
} from "./evaluate.ts";
import { issueUrl } from "./links.ts";
import type { AlertNotification } from "./notification.ts";
import { CONDITION_IDS, type Interval, type IssueRuleConfig } from "./rule-config.ts";

/** What the pipeline needs to evaluate issue alerts. */
export interface IssueAlertOptions {
  /** Base of the links in notifications. */
  dashboardUrl: string;
  /** Called after a batch that enqueued notifications committed (wakes an in-process worker). */
  onEnqueued?: () => void;
  /** Where a failed evaluation is reported (it never fails the batch). */
  logger?: Logger;
  /** Clock (tests). */
  now?: () => Date;
}

/** Rules of the batch's projects and the prior statuses of its issues; null = no rules, no work. */
export interface IssueAlertPrep {
  rules: { active: ActiveAlertRule; config: IssueRuleConfig }[];
  priorStatus: Map<string, string>;
}

/** Step 1, before the issue upsert: load rules; if any, lock and read the statuses of existing issues. */
export async function prepareIssueAlerts(
  tx: Db,
  keys: readonly { projectId: number; hash: string }[],
): Promise<IssueAlertPrep | null> {
  const active = await activeRulesForProjects(tx, [...new Set(keys.map((k) => k.projectId))]);
  if (active.length === 0) return null;
  const ruleProjects = new Set(active.map((a) => a.rule.projectId));
  const priorStatus = await lockIssueStatuses(
    tx,
    keys.filter((k) => ruleProjects.has(k.projectId)),
  );
  return { rules: active.map((a) => ({ active: a, config: toIssueRuleConfig(a.rule) })), priorStatus };
}

/** One issue of the batch, with its events in the batch (oldest first). */
export interface BatchIssue {
  key: string;
  projectId: number;
  upserted: UpsertedIssue;
  events: Event[];
}

interface Candidate {
  rule: ActiveAlertRule;
  config: IssueRuleConfig;
  issue: BatchIssue;
  state: IssueInBatch;
  event: Event;
  needs: Interval[];
}

/**
 * Step 2, after the events are in the EventStore (frequency counts include the batch): decide,
 * claim cool-downs, record history, enqueue notifications — in a savepoint, so that a failure of
 * alerting is logged and rolled back alone, and never fails (or, in Kafka mode, dead-letters) the
 * batch's events.
 * @returns the number of notifications enqueued (0 after a failure)
 */
export async function evaluateIssueAlerts(
  tx: Db,
  events: Querier,
  prep: IssueAlertPrep,
  issues: readonly BatchIssue[],
  options: IssueAlertOptions,
): Promise<number> {
  try {
    return await tx.transaction((sp) => evaluateInTransaction(sp, events, prep, issues, options));
  } catch (e) {
    options.logger?.error({ err: e, issues: issues.length }, "issue alert evaluation failed; the batch is stored");
    return 0;
  }
}

async function evaluateInTransaction(
  tx: Db,
  events: Querier,
  prep: IssueAlertPrep,
  issues: readonly BatchIssue[],
  options: IssueAlertOptions,
): Promise<number> {
  const now = options.now?.() ?? new Date();
  const candidates: Candidate[] = [];
  for (const issue of issues) {
    const prior = prep.priorStatus.get(issue.key);
    const state: IssueInBatch = {
      issueId: issue.upserted.id,
      isNew: issue.upserted.inserted,
      isRegression: prior === "resolved" && issue.upserted.status === "unresolved",
      timesSeen: issue.upserted.timesSeen,
    };
    for (const { active, config } of prep.rules) {
      if (active.rule.projectId !== issue.projectId) continue;
      const event = issue.events.find((e) => eventPasses(config, e));
      if (!event) continue;
      candidates.push({ rule: active, config, issue, state, event, needs: frequencyNeeds(config, state) });
    }
  }
  if (candidates.length === 0) return 0;

  // Pairs inside their cool-down cannot fire (unless the issue regressed and the rule watches for
  // that): drop them before any window count is fetched, so a storm costs no ClickHouse query.
  const cooling = await coolingDown(
    tx,
    candidates.map((c) => ({ ruleId: c.rule.rule.id, issueId: c.state.issueId })),
    now,
  );
  const open = candidates.filter(
    (c) =>
      !cooling.has(`${c.rule.rule.id}:${c.state.issueId}`) ||
      (c.state.isRegression && c.config.conditions.some((x) => x.id === CONDITION_IDS.regression)),
  );
  if (open.length === 0) return 0;

  const counts = await fetchCounts(events, open, now);
  const claims: (FireClaim & { candidate: Candidate; reason: string })[] = [];
  for (const c of open) {
    const reason = decide(c.config, c.state, counts.get(c.state.issueId));
    if (reason === null) continue;
    claims.push({
      ruleId: c.rule.rule.id,
      issueId: c.state.issueId,
      cooldownMinutes: c.config.frequency,
      // A regression starts a new episode: a rule that fires *because* the issue regressed is not
      // held back by the cool-down of the previous one. Other conditions (a still-busy issue) are.
      bypassCooldown: reason === "regression",
      candidate: c,
      reason,
    });
  }
  if (claims.length === 0) return 0;
  const claimed = await claimFirings(tx, claims, now);
  const fired = claims.filter((c) => claimed.has(`${c.ruleId}:${c.issueId}`));
  await recordFirings(
    tx,
    fired.map((f) => ({
      ruleId: f.ruleId,
      issueId: f.issueId,
      eventId: f.candidate.event.event_id,
      reason: f.reason,
      firedAt: now,
    })),
  );
  const entries: OutboxEntry[] = fired.flatMap((f) => {
    const notification = issueNotification(f.candidate, f.reason, now, options.dashboardUrl);
    return f.candidate.config.actions.map((action) => ({
      organizationId: f.candidate.rule.rule.organizationId,
      kind: "issue" as const,
      ruleId: f.ruleId,
      action,
      notification,
    }));
  });
  await enqueueNotifications(tx, entries);
  return entries.length;
}

/** Window counts for the candidates that need them: one query per distinct window. */
async function fetchCounts(
  querier: Querier,
  candidates: readonly Candidate[],
  now: Date,
): Promise<Map<number, WindowCounts>> {
  const byInterval = new Map<Interval, Candidate[]>();
  for (const c of candidates) for (const i of c.needs) byInterval.set(i, [...(byInterval.get(i) ?? []), c]);
  const result = new Map<number, Map<Interval, { events: number; users: number }>>();
  for (const [interval, list] of byInterval) {
    const issueIds = [...new Set(list.map((c) => c.state.issueId))];
    const rows = await issueWindowCounts(querier, {
      projectIds: [...new Set(list.map((c) => c.issue.projectId))],
      issueIds,
      minutes: intervalMinutes(interval),
      now,
    });
    for (const id of issueIds) {
      const perIssue = result.get(id) ?? new Map();
      perIssue.set(interval, rows.get(id) ?? { events: 0, users: 0 });
      result.set(id, perIssue);
    }
  }
  return result;
}

function issueNotification(c: Candidate, reason: string, now: Date, dashboardUrl: string): AlertNotification {
  const { rule, projectSlug, organizationSlug } = c.rule;
  const url = issueUrl(dashboardUrl, organizationSlug, projectSlug, c.state.issueId);
  const issue = c.issue.upserted;
  return {
    kind: "issue",
    rule: { id: rule.id, name: rule.name },
    organization: organizationSlug,
    project: projectSlug,
    title: issue.title,
    reason: describeReason(reason, c.config),
    url,
    triggeredAt: now.toISOString(),
    issue: {
      id: c.state.issueId,
      shortId: shortId(projectSlug, c.state.issueId),
      title: issue.title,
      culprit: issue.culprit,
      level: issue.level,
      url,
    },
    event: {
      eventId: c.event.event_id,
      level: c.event.level,
      environment: c.event.environment ?? null,
      release: c.event.release ?? null,
      timestamp: new Date(c.event.timestamp * 1000).toISOString(),
    },
  };
}
