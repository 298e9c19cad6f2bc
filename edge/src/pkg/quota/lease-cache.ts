/**
 * @module
 * The isolate's side of quota leases. Budget leased from QuotaDOs is kept in module scope and spent
 * locally; a DO is called only when a lease runs dry or expires, with one call in flight per DO at a
 * time (concurrent requests wait for it). Once a counter's DO has nothing left, the isolate answers
 * 429 by itself until the window ends.
 *
 * All-or-nothing holds locally: an item is admitted only if every applicable counter's lease covers
 * its quantity, and then all are debited in one synchronous step.
 */
import type { SpikeProtectionConfig } from "@breakwater/core/quotas";
import type { AcquireRequest, AcquireResponse, LeaseGrant } from "./messages.ts";

/** One counter an item must be admitted by. */
export interface CounterSpec {
  /** QuotaDO name: `organization:1`, `project:7`, `key:3`. */
  scopeKey: string;
  /** Counter key inside the DO. */
  counterKey: string;
  windowEnd: number;
  limit?: number;
  spike?: SpikeProtectionConfig;
}

/** Calls the DO named `scopeKey`. */
export type AcquireFn = (scopeKey: string, request: AcquireRequest) => Promise<AcquireResponse>;

/** Smallest lease asked for: keeps steady load at ≤ 1 DO call per 50 accepted events. */
export const MIN_WANT = 64;
/** Seconds of the observed rate to ask for per lease. */
const WANT_SECONDS = 2;
const MAX_ATTEMPTS = 3;

interface Lease {
  leaseId: string;
  granted: number;
  spent: number;
  expiresAt: number;
  windowEnd: number;
}

/** Outcome of {@link LeaseCache.consume}: `rejected` lists the counters that had no room. */
export type ConsumeResult = { accepted: true } | { accepted: false; rejected: CounterSpec[] };

const fullKey = (c: CounterSpec) => `${c.scopeKey}/${c.counterKey}`;

export class LeaseCache {
  private readonly leases = new Map<string, Lease>();
  private readonly exhaustedUntil = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly demand = new Map<string, { count: number; since: number }>();
  /** Quantity of the items currently waiting for each counter's renewal. */
  private readonly waiting = new Map<string, number>();
  /** DO calls made by this isolate; benchmarks report it per accepted event. */
  acquireCalls = 0;

  constructor(private readonly acquire: AcquireFn) {}

  /**
   * Admits `quantity` against every counter, or none of them.
   * @param now unix seconds: the request's clock, the same one the counters' windows come from
   */
  async consume(counters: readonly CounterSpec[], quantity: number, now: number): Promise<ConsumeResult> {
    if (counters.length === 0) return { accepted: true };
    for (const c of counters) this.noteDemand(c, quantity, now);
    for (let attempt = 0; ; attempt++) {
      const exhausted = counters.filter((c) => (this.exhaustedUntil.get(fullKey(c)) ?? 0) > now);
      if (exhausted.length > 0) return { accepted: false, rejected: exhausted };
      const short = counters.filter((c) => !this.covers(c, quantity, now));
      if (short.length === 0) {
        for (const c of counters) {
          const lease = this.leases.get(fullKey(c));
          if (lease) lease.spent += quantity;
        }
        return { accepted: true };
      }
      if (attempt >= MAX_ATTEMPTS) return { accepted: false, rejected: short };
      // Near a window's end slices are tiny; a renewal must cover every item waiting for it, or
      // concurrent requests would take turns starving each other while budget is left.
      for (const c of short) this.waiting.set(fullKey(c), (this.waiting.get(fullKey(c)) ?? 0) + quantity);
      try {
        await this.renew(short, quantity, now);
      } finally {
        for (const c of short) {
          const left = (this.waiting.get(fullKey(c)) ?? quantity) - quantity;
          if (left > 0) this.waiting.set(fullKey(c), left);
          else this.waiting.delete(fullKey(c));
        }
      }
    }
  }

  private covers(c: CounterSpec, quantity: number, now: number): boolean {
    const lease = this.leases.get(fullKey(c));
    return lease !== undefined && lease.expiresAt > now && lease.granted - lease.spent >= quantity;
  }

  /** Renews leases, one DO call per scope, joining a call already in flight for that scope. */
  private async renew(counters: readonly CounterSpec[], quantity: number, now: number): Promise<void> {
    const byScope = new Map<string, CounterSpec[]>();
    for (const c of counters) byScope.set(c.scopeKey, [...(byScope.get(c.scopeKey) ?? []), c]);
    await Promise.all(
      [...byScope].map(([scopeKey, group]) => {
        const pending = this.inFlight.get(scopeKey);
        if (pending) return pending;
        const call = this.renewScope(scopeKey, group, quantity, now).finally(() => this.inFlight.delete(scopeKey));
        this.inFlight.set(scopeKey, call);
        return call;
      }),
    );
  }

  private async renewScope(
    scopeKey: string,
    group: readonly CounterSpec[],
    quantity: number,
    now: number,
  ): Promise<void> {
    const reports = group.flatMap((c) => {
      const old = this.leases.get(fullKey(c));
      return old ? [{ leaseId: old.leaseId, used: old.spent }] : [];
    });
    const wants = group.map((c) => ({
      key: c.counterKey,
      windowEnd: c.windowEnd,
      want: this.want(c, quantity, now),
      need: Math.max(1, quantity, this.waiting.get(fullKey(c)) ?? 0),
      ...(c.limit !== undefined ? { limit: c.limit } : {}),
      ...(c.spike ? { spike: c.spike } : {}),
    }));
    this.acquireCalls++;
    const response = await this.acquire(scopeKey, { now, reports, wants });
    for (const c of group) this.leases.delete(fullKey(c));
    for (const grant of response.grants) {
      const c = group.find((g) => g.counterKey === grant.key);
      if (c) this.store(c, grant);
    }
  }

  private store(c: CounterSpec, grant: LeaseGrant): void {
    const key = fullKey(c);
    if (grant.granted === 0) {
      // Nothing left in this window: answer locally until it ends.
      this.exhaustedUntil.set(key, c.windowEnd);
      return;
    }
    this.leases.set(key, {
      leaseId: grant.leaseId,
      granted: grant.granted,
      spent: 0,
      expiresAt: grant.expiresAt,
      windowEnd: c.windowEnd,
    });
  }

  /** Ask for what this isolate used over the last seconds, so busy isolates renew rarely. */
  private want(c: CounterSpec, quantity: number, now: number): number {
    const d = this.demand.get(fullKey(c));
    const elapsed = d ? Math.max(1, now - d.since) : 1;
    const rate = d ? d.count / elapsed : 0;
    return Math.max(MIN_WANT, quantity, Math.ceil(rate * WANT_SECONDS));
  }

  private noteDemand(c: CounterSpec, quantity: number, now: number): void {
    const key = fullKey(c);
    const d = this.demand.get(key);
    // A rolling estimate: restart the measurement every 10 s so old bursts fade.
    if (!d || now - d.since > 10) this.demand.set(key, { count: quantity, since: now });
    else d.count += quantity;
  }

  /** Drops everything (tests use it to simulate a fresh isolate). */
  reset(): void {
    this.leases.clear();
    this.exhaustedUntil.clear();
    this.demand.clear();
  }
}
