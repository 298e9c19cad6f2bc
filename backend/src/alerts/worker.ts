/**
 * @module
 * The notification worker: drains the outbox. It claims due rows (a lease, `FOR UPDATE SKIP
 * LOCKED`, so several backend processes can run one each), sends them concurrently, logs each
 * attempt, and marks rows delivered, rescheduled with backoff, or failed. It wakes on `nudge()`
 * (the in-process pipeline enqueued something: embedded mode sends within milliseconds) and polls
 * every `pollMs` otherwise (rows enqueued by another process: the Kafka consumer, cluster mode).
 */
import type { Db } from "../db/client.ts";
import { claimDue, claimRows, markAttemptFailed, markDelivered, recordDelivery } from "../db/queries/alert-outbox.ts";
import type { AlertOutboxRow } from "../db/schema/index.ts";
import type { Logger } from "../logger.ts";
import { redactedTarget, type SendContext, type SendResult, sendNotification } from "./actions/send.ts";
import { type BackoffPolicy, DEFAULT_BACKOFF, nextRetryDelay } from "./backoff.ts";

/** Options of the worker. */
export interface NotificationWorkerOptions {
  db: Db;
  send: SendContext;
  logger: Logger;
  /** Poll interval when idle, ms. Default 1,000. */
  pollMs?: number;
  /** Rows per claim. Default 20. */
  batchSize?: number;
  /** How long a claimed row is reserved for this worker, ms. Default 60,000. */
  leaseMs?: number;
  backoff?: BackoffPolicy;
  /** Clock (tests). */
  now?: () => Date;
}

/** One delivery attempt's result, as the test-notification endpoint reports it. */
export interface AttemptReport extends SendResult {
  outboxId: number;
  actionId: string;
  target: string;
}

/** Drains the outbox. */
export class NotificationWorker {
  private readonly o: Required<Omit<NotificationWorkerOptions, "now">> & { now: () => Date };
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private nudged = false;

  constructor(options: NotificationWorkerOptions) {
    this.o = {
      pollMs: 1_000,
      batchSize: 20,
      leaseMs: 60_000,
      backoff: DEFAULT_BACKOFF,
      now: () => new Date(),
      ...options,
    };
  }

  /** Starts the background loop. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops the loop after the current round. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** Asks the loop to look at the outbox now. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** One round: claims due rows and sends them. @returns rows attempted */
  async drainOnce(): Promise<number> {
    const rows = await claimDue(this.o.db, this.o.now(), this.o.batchSize, this.o.leaseMs);
    await Promise.all(rows.map((r) => this.attempt(r)));
    return rows.length;
  }

  /** Sends specific pending rows now, in the caller's time (test notifications). */
  async deliverNow(ids: readonly number[]): Promise<AttemptReport[]> {
    const rows = await claimRows(this.o.db, ids, this.o.now(), this.o.leaseMs);
    return Promise.all(rows.map((r) => this.attempt(r)));
  }

  private async run(): Promise<void> {
    while (this.running) {
      let attempted = 0;
      try {
        attempted = await this.drainOnce();
      } catch (e) {
        this.o.logger.error({ err: e }, "notification worker: outbox round failed");
      }
      if (attempted > 0 || !this.running) continue;
      if (this.nudged) {
        this.nudged = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.o.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      this.nudged = false;
    }
  }

  private async attempt(row: AlertOutboxRow): Promise<AttemptReport> {
    const started = performance.now();
    const target = redactedTarget(row.action);
    const result = await sendNotification(row.action, row.notification, this.o.send);
    const now = this.o.now();
    const log = { outboxId: row.id, attempt: row.attempts, action: row.action.id, target, kind: row.kind };
    await recordDelivery(this.o.db, {
      outboxId: row.id,
      attempt: row.attempts,
      actionId: row.action.id,
      target,
      ok: result.ok ? "success" : "error",
      httpStatus: result.httpStatus,
      error: result.error,
      durationMs: Math.round(performance.now() - started),
    });
    if (result.ok) {
      await markDelivered(this.o.db, row.id, now);
      this.o.logger.info(log, "alert notification delivered");
    } else {
      const delay = result.retryable ? nextRetryDelay(row.attempts, this.o.backoff) : null;
      await markAttemptFailed(
        this.o.db,
        row.id,
        result.error ?? "failed",
        delay === null ? null : new Date(now.getTime() + delay),
      );
      this.o.logger.warn({ ...log, error: result.error, retryInMs: delay }, "alert notification attempt failed");
    }
    return { ...result, outboxId: row.id, actionId: row.action.id, target };
  }
}
