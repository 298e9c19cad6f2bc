/**
 * @module
 * Evaluates metric alert rules on a schedule: for each active rule, one ClickHouse query for the
 * value over its window, the state machine, and in one Postgres transaction the evaluation record,
 * the state change and (on a change) the notifications in the outbox. The worker sends them.
 */

import { z } from "zod";
import type { Querier } from "../../clickhouse/interface.ts";
import type { Db } from "../../db/client.ts";
import { enqueueNotifications } from "../../db/queries/alert-outbox.ts";
import {
  activeMetricRules,
  type MetricRuleWithProject,
  recordEvaluation,
} from "../../db/queries/metric-alert-rules.ts";
import type { Logger } from "../../logger.ts";
import { metricRuleUrl } from "../links.ts";
import type { AlertNotification } from "../notification.ts";
import type { MetricState, Trigger } from "../rule-config.ts";
import { metricSql, parseSearch } from "./query.ts";
import { nextState, resolveThreshold } from "./state.ts";

/** Options of the scheduler. */
export interface MetricAlertSchedulerOptions {
  db: Db;
  events: Querier;
  logger: Logger;
  dashboardUrl: string;
  /** Evaluation interval, ms. */
  intervalMs: number;
  /** Called after a round that enqueued notifications. */
  onEnqueued?: () => void;
  now?: () => Date;
}

// The compiler names output columns `_c<i>`; the measurement is the only one.
const ValueSchema = z.object({ _c0: z.coerce.number() });

/** Measures a rule's value now. */
export async function measure(events: Querier, r: MetricRuleWithProject["rule"], now: Date): Promise<number> {
  const terms = parseSearch(r.query);
  if (!terms.ok) throw new Error(`metric rule ${r.id}: bad query: ${terms.error}`);
  const compiled = metricSql({
    projectId: r.projectId,
    aggregate: r.aggregate,
    terms: terms.value,
    environment: r.environment,
    from: now.getTime() - r.timeWindowMinutes * 60_000,
    to: now.getTime() + 1_000,
  });
  if (!compiled.ok) throw new Error(`metric rule ${r.id}: ${compiled.error}`);
  const [row] = await events.query(compiled.value.sql, ValueSchema);
  return row?._c0 ?? 0;
}

/** Runs rounds of metric rule evaluation. */
export class MetricAlertScheduler {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: MetricAlertSchedulerOptions) {}

  /** Starts evaluating every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.round = this.round
        .then(() => this.evaluateAll())
        .catch((e) => this.o.logger.error({ err: e }, "metric alerts round failed"));
    }, this.o.intervalMs);
  }

  /** Stops after the round in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round over every active rule. @returns notifications enqueued */
  async evaluateAll(): Promise<number> {
    let enqueued = 0;
    for (const r of await activeMetricRules(this.o.db)) {
      try {
        enqueued += await this.evaluate(r);
      } catch (e) {
        this.o.logger.error({ err: e, ruleId: r.rule.id }, "metric alert evaluation failed");
      }
    }
    if (enqueued > 0) this.o.onEnqueued?.();
    return enqueued;
  }

  /** Evaluates one rule. @returns notifications enqueued */
  async evaluate(r: MetricRuleWithProject): Promise<number> {
    const now = this.o.now?.() ?? new Date();
    const value = await measure(this.o.events, r.rule, now);
    const previous = r.rule.state;
    const next = nextState(r.rule, previous, value);
    return this.o.db.transaction(async (tx) => {
      const recorded = await recordEvaluation(tx, { ruleId: r.rule.id, previous, next, value, at: now });
      if (!recorded || previous === next) return 0;
      // Firing: the new state's trigger; resolving: the trigger that was active.
      const trigger = r.rule.triggers.find((t) => t.label === (next === "ok" ? previous : next));
      if (!trigger) return 0;
      const notification = this.notification(r, trigger, previous, next, value, now);
      const rows = await enqueueNotifications(
        tx,
        trigger.actions.map((action) => ({
          organizationId: r.rule.organizationId,
          kind: "metric" as const,
          ruleId: r.rule.id,
          action,
          notification,
        })),
      );
      return rows.length;
    });
  }

  private notification(
    r: MetricRuleWithProject,
    trigger: Trigger,
    previous: MetricState,
    next: MetricState,
    value: number,
    now: Date,
  ): AlertNotification {
    const rule = r.rule;
    const label = next === "ok" ? "Resolved" : next === "critical" ? "Critical" : "Warning";
    const threshold = next === "ok" ? resolveThreshold(rule) : trigger.alertThreshold;
    const dir = rule.thresholdType === 0 ? "above" : "below";
    const reason =
      next === "ok"
        ? `${rule.aggregate} is back to ${value} in the last ${rule.timeWindowMinutes} min (resolve threshold ${threshold})`
        : `${rule.aggregate} is ${value} in the last ${rule.timeWindowMinutes} min, ${dir} the ${next} threshold ${threshold}`;
    return {
      kind: "metric",
      rule: { id: rule.id, name: rule.name },
      organization: r.organizationSlug,
      project: r.projectSlug,
      title: `[${label}] ${rule.name}`,
      reason,
      url: metricRuleUrl(this.o.dashboardUrl, r.organizationSlug, r.projectSlug, rule.id),
      triggeredAt: now.toISOString(),
      metric: {
        aggregate: rule.aggregate,
        query: rule.query,
        timeWindowMinutes: rule.timeWindowMinutes,
        value,
        threshold,
        state: next,
        previousState: previous,
      },
    };
  }
}
