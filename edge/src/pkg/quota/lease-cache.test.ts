import { leaseSize } from "@breakwater/core/quotas";
import { describe, expect, it } from "vitest";
import { type CounterSpec, LeaseCache, MIN_WANT } from "./lease-cache.ts";
import type { AcquireRequest, AcquireResponse } from "./messages.ts";

/** The DO's accounting in memory (the real QuotaDO is tested in workerd in quota-do.test.ts). */
class FakeDo {
  constructor(private readonly clock: () => number = () => 1_000_000) {}
  counters = new Map<string, { limit: number; committed: number }>();
  leases = new Map<string, { key: string; granted: number }>();
  calls = 0;
  private next = 0;
  acquire = async (_scope: string, req: AcquireRequest): Promise<AcquireResponse> => {
    this.calls++;
    await Promise.resolve();
    for (const r of req.reports) {
      const lease = this.leases.get(r.leaseId);
      if (!lease) continue;
      const c = this.counters.get(lease.key);
      if (c) c.committed -= lease.granted - Math.min(r.used, lease.granted);
      this.leases.delete(r.leaseId);
    }
    const grants = req.wants.map((w) => {
      const c = this.counters.get(w.key) ?? { limit: w.limit ?? 0, committed: 0 };
      this.counters.set(w.key, c);
      const granted = leaseSize({ limit: c.limit, committed: c.committed, want: w.want, need: w.need });
      c.committed += granted;
      const leaseId = `l${this.next++}`;
      this.leases.set(leaseId, { key: w.key, granted });
      return {
        key: w.key,
        leaseId,
        granted,
        limit: c.limit,
        remaining: c.limit - c.committed,
        expiresAt: Math.min(w.windowEnd, this.clock() + 10),
      };
    });
    return { grants };
  };
}

const spec = (limit: number, over: Partial<CounterSpec> = {}): CounterSpec => ({
  scopeKey: "project:1",
  counterKey: "q:1",
  windowEnd: 1_000_060,
  limit,
  ...over,
});

describe("LeaseCache", () => {
  it("spends leases locally: ≤ 1 DO call per 50 accepted events at steady load", async () => {
    const fake = new FakeDo();
    const cache = new LeaseCache(fake.acquire);
    let accepted = 0;
    for (let i = 0; i < 5_000; i++) if ((await cache.consume([spec(1_000_000)], 1, 1_000_000)).accepted) accepted++;
    expect(accepted).toBe(5_000);
    expect(fake.calls).toBeLessThanOrEqual(accepted / 50);
  });

  it("never passes the limit across many isolates under concurrency, and stops only at the limit", async () => {
    const fake = new FakeDo();
    const isolates = Array.from({ length: 8 }, () => new LeaseCache(fake.acquire));
    const limit = 10_000;
    let accepted = 0;
    const work = isolates.map(async (cache, i) => {
      for (let n = 0; n < 2_000; n++) {
        const batch = await Promise.all(Array.from({ length: 4 }, () => cache.consume([spec(limit)], 1, 1_000_000)));
        accepted += batch.filter((r) => r.accepted).length;
        if (n % 97 === i) await new Promise((r) => setTimeout(r, 0));
      }
    });
    await Promise.all(work);
    expect(accepted).toBeLessThanOrEqual(limit);
    // Unspent slices sit in idle isolates at the end; they are bounded by the shrinking lease size.
    expect(accepted).toBeGreaterThanOrEqual(limit * 0.99);
  });

  it("answers locally once the DO says the window is exhausted", async () => {
    const fake = new FakeDo();
    const cache = new LeaseCache(fake.acquire);
    for (let i = 0; i < 10; i++) expect((await cache.consume([spec(10)], 1, 1_000_000)).accepted).toBe(true);
    const before = fake.calls;
    const refused = await cache.consume([spec(10)], 1, 1_000_000);
    expect(refused).toEqual({ accepted: false, rejected: [spec(10)] });
    const callsAfterFirstRefusal = fake.calls;
    expect(callsAfterFirstRefusal).toBeGreaterThan(before);
    for (let i = 0; i < 100; i++) expect((await cache.consume([spec(10)], 1, 1_000_000)).accepted).toBe(false);
    expect(fake.calls).toBe(callsAfterFirstRefusal);
  });

  it("admits again in the next window", async () => {
    let now = 1_000_000;
    const fake = new FakeDo(() => now);
    const cache = new LeaseCache(fake.acquire);
    for (let i = 0; i < 3; i++) await cache.consume([spec(3)], 1, now);
    expect((await cache.consume([spec(3)], 1, now)).accepted).toBe(false);
    now = 1_000_060;
    const next = spec(3, { counterKey: "q:2", windowEnd: 1_000_120 });
    expect((await cache.consume([next], 1, now)).accepted).toBe(true);
  });

  it("is all or nothing across counters: a full one rejects and the others are not debited", async () => {
    const fake = new FakeDo();
    const cache = new LeaseCache(fake.acquire);
    const roomy = spec(1_000, { scopeKey: "key:1", counterKey: "k:1" });
    const full = spec(0, { scopeKey: "project:1", counterKey: "p:1" });
    const r = await cache.consume([roomy, full], 1, 1_000_000);
    expect(r).toEqual({ accepted: false, rejected: [full] });
    // The roomy counter's lease was not spent by the refused item.
    for (let i = 0; i < MIN_WANT; i++) expect((await cache.consume([roomy], 1, 1_000_000)).accepted).toBe(true);
  });

  it("returns unspent budget when a lease expires and is renewed", async () => {
    let now = 1_000_000;
    const fake = new FakeDo(() => now);
    const cache = new LeaseCache(fake.acquire);
    await cache.consume([spec(1_000)], 1, now);
    expect(fake.counters.get("q:1")?.committed).toBe(MIN_WANT);
    now += 11; // past the lease's lifetime, same window
    await cache.consume([spec(1_000)], 1, now);
    // 1 spent from the first lease, the other 63 credited back, then a fresh lease of 64.
    expect(fake.counters.get("q:1")?.committed).toBe(1 + MIN_WANT);
    expect(fake.calls).toBe(2);
  });

  it("serves a burst of concurrent requests up to exactly the limit: waiters do not starve each other", async () => {
    const fake = new FakeDo();
    const cache = new LeaseCache(fake.acquire);
    // Use most of the window first, so slices are tiny when the burst arrives.
    for (let i = 0; i < 950; i++) await cache.consume([spec(1_000)], 1, 1_000_000);
    const burst = await Promise.all(Array.from({ length: 64 }, () => cache.consume([spec(1_000)], 1, 1_000_000)));
    expect(burst.filter((r) => r.accepted)).toHaveLength(50);
  });

  it("admits an item larger than a slice when the quota has room for it", async () => {
    const fake = new FakeDo();
    const cache = new LeaseCache(fake.acquire);
    expect((await cache.consume([spec(100)], 60, 1_000_000)).accepted).toBe(true);
    expect((await cache.consume([spec(100)], 41, 1_000_000)).accepted).toBe(false);
    expect((await cache.consume([spec(100)], 40, 1_000_000)).accepted).toBe(true);
  });
});
