/**
 * @module
 * QuotaDO: the single owner of the counters of one scope (`organization:1`, `project:7`, `key:3`).
 *
 * Isolates never ask it per event. They take leases (slices of the remaining budget, sized by
 * `leaseSize` so they shrink as the window fills), spend them locally, and report what they spent
 * when they renew. A grant is committed at once and the unspent part is credited back on report, so
 * the counter can never pass its limit; a lease that is never reported simply stays spent.
 *
 * For a project scope it also keeps accepted counts per hour for 8 days: the history that spike
 * protection's baseline is computed from.
 *
 * Storage is SQLite (`new_sqlite_classes`); every method runs without awaiting, so each call is
 * atomic under the DO's input gate. An alarm drops windows that ended and leases long expired.
 */

import { DurableObject } from "cloudflare:workers";
import { hourOf, leaseSize, spikeCeiling } from "@breakwater/core/quotas";
import {
  type AcquireRequest,
  AcquireRequestSchema,
  type AcquireResponse,
  type CounterWant,
  type LeaseGrant,
  type QuotaState,
} from "./messages.ts";

/** Seconds an isolate may spend a lease before it should report back (returning unspent budget). */
export const LEASE_TTL_SECONDS = 10;
/** Hours of accepted counts kept for the spike baseline: 7 days plus the current one. */
const HISTORY_HOURS = 8 * 24;

interface CounterRow extends Record<string, SqlStorageValue> {
  key: string;
  lim: number;
  committed: number;
  window_end: number;
}
interface LeaseRow extends Record<string, SqlStorageValue> {
  id: string;
  key: string;
  granted: number;
  spike_hour: number | null;
}

export class QuotaDO extends DurableObject {
  private readonly sql: SqlStorage;
  private acquireCalls = 0;
  /** The alarm currently set, mirrored in memory so scheduling stays synchronous. */
  private alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS counters (
      key TEXT PRIMARY KEY, lim INTEGER NOT NULL, committed INTEGER NOT NULL, window_end REAL NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS leases (
      id TEXT PRIMARY KEY, key TEXT NOT NULL, granted INTEGER NOT NULL, expires_at REAL NOT NULL, spike_hour INTEGER)`);
    this.sql.exec("CREATE TABLE IF NOT EXISTS hourly (hour INTEGER PRIMARY KEY, accepted INTEGER NOT NULL)");
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  /** Settles reports, then grants a lease per wanted counter. */
  acquire(raw: AcquireRequest): AcquireResponse {
    const request = AcquireRequestSchema.parse(raw);
    this.acquireCalls++;
    const now = request.now ?? Date.now() / 1000;
    for (const report of request.reports) this.settle(report.leaseId, report.used);
    const grants = request.wants.map((w) => this.grant(w, now));
    // Alarms fire on the real clock, whatever clock the request's windows were measured with.
    this.scheduleAlarm(Date.now() / 1000);
    return { grants };
  }

  /** A snapshot of the counters, for tests and diagnostics. */
  state(): QuotaState {
    return {
      counters: this.sql
        .exec<CounterRow>("SELECT key, lim, committed, window_end FROM counters ORDER BY key")
        .toArray()
        .map((r) => ({ key: r.key, limit: r.lim, committed: r.committed, windowEnd: r.window_end })),
      leases: Number(this.sql.exec("SELECT count(*) AS n FROM leases").one().n),
      hourly: this.sql
        .exec<{ hour: number; accepted: number }>("SELECT hour, accepted FROM hourly ORDER BY hour")
        .toArray()
        .map((r) => ({ hour: r.hour, accepted: r.accepted })),
      acquireCalls: this.acquireCalls,
    };
  }

  /** Records accepted counts for past hours directly (seeding history in tests and imports). */
  recordHistory(entries: Array<{ hour: number; accepted: number }>): void {
    for (const e of entries) this.addHourly(e.hour, e.accepted);
  }

  override async alarm(): Promise<void> {
    this.alarmAt = null;
    const now = Date.now() / 1000;
    this.sql.exec("DELETE FROM counters WHERE window_end <= ?", now);
    // A lease unreported long after its counter's window is gone counts as fully spent.
    const stale = this.sql
      .exec<LeaseRow>(
        "SELECT id, key, granted, spike_hour FROM leases WHERE expires_at <= ?",
        now - LEASE_TTL_SECONDS * 6,
      )
      .toArray();
    for (const lease of stale) {
      if (lease.spike_hour !== null) this.addHourly(lease.spike_hour, lease.granted);
      this.sql.exec("DELETE FROM leases WHERE id = ?", lease.id);
    }
    this.sql.exec("DELETE FROM hourly WHERE hour < ?", hourOf(now) - HISTORY_HOURS);
    this.scheduleAlarm(now);
  }

  private settle(leaseId: string, used: number): void {
    const lease = this.sql
      .exec<LeaseRow>("SELECT id, key, granted, spike_hour FROM leases WHERE id = ?", leaseId)
      .toArray()[0];
    if (!lease) return; // Already settled or reclaimed: a replayed report changes nothing.
    const spent = Math.min(used, lease.granted);
    this.sql.exec("UPDATE counters SET committed = committed - ? WHERE key = ?", lease.granted - spent, lease.key);
    if (lease.spike_hour !== null) this.addHourly(lease.spike_hour, spent);
    this.sql.exec("DELETE FROM leases WHERE id = ?", leaseId);
  }

  private grant(w: CounterWant, now: number): LeaseGrant {
    let counter = this.sql
      .exec<CounterRow>("SELECT key, lim, committed, window_end FROM counters WHERE key = ?", w.key)
      .toArray()[0];
    const limit = w.spike ? undefined : (w.limit ?? 0);
    if (!counter) {
      // A spike counter's ceiling is fixed when its hour starts: recomputed hourly, from the history.
      const lim =
        limit ?? spikeCeiling(w.spike ?? { enabled: true, floor: 0, multiplier: 1 }, this.history(), hourOf(now)) ?? 0;
      counter = { key: w.key, lim, committed: 0, window_end: w.windowEnd };
      this.sql.exec(
        "INSERT INTO counters (key, lim, committed, window_end) VALUES (?, ?, ?, ?)",
        w.key,
        lim,
        0,
        w.windowEnd,
      );
    } else if (limit !== undefined && limit !== counter.lim) {
      // The owner changed the quota mid-window: the new limit applies to what is already counted.
      counter.lim = limit;
      this.sql.exec("UPDATE counters SET lim = ? WHERE key = ?", limit, w.key);
    }
    const granted = leaseSize({ limit: counter.lim, committed: counter.committed, want: w.want, need: w.need });
    const leaseId = crypto.randomUUID();
    const expiresAt = Math.min(w.windowEnd, now + LEASE_TTL_SECONDS);
    if (granted > 0) {
      this.sql.exec("UPDATE counters SET committed = committed + ? WHERE key = ?", granted, w.key);
      this.sql.exec(
        "INSERT INTO leases (id, key, granted, expires_at, spike_hour) VALUES (?, ?, ?, ?, ?)",
        leaseId,
        w.key,
        granted,
        expiresAt,
        w.spike ? hourOf(now) : null,
      );
    }
    return {
      key: w.key,
      leaseId,
      granted,
      limit: counter.lim,
      remaining: counter.lim - counter.committed - granted,
      expiresAt,
    };
  }

  private history(): Map<number, number> {
    const rows = this.sql.exec<{ hour: number; accepted: number }>("SELECT hour, accepted FROM hourly").toArray();
    return new Map(rows.map((r) => [r.hour, r.accepted]));
  }

  private addHourly(hour: number, accepted: number): void {
    if (accepted <= 0) return;
    this.sql.exec(
      "INSERT INTO hourly (hour, accepted) VALUES (?, ?) ON CONFLICT(hour) DO UPDATE SET accepted = accepted + excluded.accepted",
      hour,
      accepted,
    );
  }

  private scheduleAlarm(now: number): void {
    const next = this.sql.exec<{ t: number | null }>("SELECT min(window_end) AS t FROM counters").one().t;
    const at = Math.max(now + 1, next ?? now + 3600) * 1000;
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    // A storage write: the output gate holds our reply until it is durable, so no await is needed.
    void this.ctx.storage.setAlarm(at);
  }
}
