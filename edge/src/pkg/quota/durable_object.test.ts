/**
 * The real QuotaDO inside workerd: lease accounting, window rollover through its alarm, limit
 * changes, spike-protection baselines, and many isolates sharing one DO without passing the limit.
 */

import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { hourOf } from "@breakwater/core/quotas";
import { describe, expect, it } from "vitest";
import type { QuotaDO } from "./durable_object.ts";
import { LeaseCache } from "./lease-cache.ts";
import { AcquireResponseSchema } from "./messages.ts";

const NOW = 1_800_000_000;
let n = 0;
/** A fresh DO per test: names are never reused within the file. */
function freshStub(): DurableObjectStub<QuotaDO> {
  return env.QUOTA.get(env.QUOTA.idFromName(`test:${n++}:${crypto.randomUUID()}`));
}

describe("QuotaDO", () => {
  it("commits a grant at once and credits back what a report says was unspent", async () => {
    const stub = freshStub();
    const first = AcquireResponseSchema.parse(
      await stub.acquire({
        now: NOW,
        reports: [],
        wants: [{ key: "q:1", windowEnd: NOW + 60, want: 50, limit: 1_000 }],
      }),
    );
    expect(first.grants[0]).toMatchObject({
      key: "q:1",
      granted: 50,
      limit: 1_000,
      remaining: 950,
      expiresAt: NOW + 10,
    });
    const leaseId = first.grants[0]!.leaseId;
    await stub.acquire({ now: NOW + 1, reports: [{ leaseId, used: 20 }], wants: [] });
    expect((await stub.state()).counters).toEqual([{ key: "q:1", limit: 1_000, committed: 20, windowEnd: NOW + 60 }]);
    // A replayed report changes nothing.
    await stub.acquire({ now: NOW + 2, reports: [{ leaseId, used: 0 }], wants: [] });
    expect((await stub.state()).counters[0]?.committed).toBe(20);
  });

  it("grants nothing once the limit is committed, and never more than the limit", async () => {
    const stub = freshStub();
    let granted = 0;
    for (let i = 0; i < 200; i++) {
      const r = AcquireResponseSchema.parse(
        await stub.acquire({
          now: NOW,
          reports: [],
          wants: [{ key: "q:1", windowEnd: NOW + 60, want: 64, limit: 500 }],
        }),
      );
      granted += r.grants[0]!.granted;
    }
    expect(granted).toBe(500);
  });

  it("applies a changed limit to what the window already counted", async () => {
    const stub = freshStub();
    await stub.acquire({ now: NOW, reports: [], wants: [{ key: "q:1", windowEnd: NOW + 60, want: 64, limit: 1_000 }] });
    const r = AcquireResponseSchema.parse(
      await stub.acquire({ now: NOW, reports: [], wants: [{ key: "q:1", windowEnd: NOW + 60, want: 64, limit: 64 }] }),
    );
    expect(r.grants[0]).toMatchObject({ granted: 0, limit: 64 });
  });

  it("rolls windows over: the alarm drops counters whose window ended, and the next slot starts at zero", async () => {
    const stub = freshStub();
    const past = Date.now() / 1000 - 120;
    await stub.acquire({
      now: past,
      reports: [],
      wants: [{ key: "q:old", windowEnd: past + 60, want: 10, limit: 10 }],
    });
    expect((await stub.state()).counters.map((c) => c.key)).toEqual(["q:old"]);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.state()).counters).toEqual([]);
    const next = AcquireResponseSchema.parse(
      await stub.acquire({
        now: past + 60,
        reports: [],
        wants: [{ key: "q:new", windowEnd: past + 120, want: 10, limit: 10 }],
      }),
    );
    expect(next.grants[0]?.granted).toBe(1);
  });

  it("computes the spike ceiling from the project's own hourly history: max(floor, multiplier × baseline)", async () => {
    const stub = freshStub();
    const hour = hourOf(NOW);
    await stub.recordHistory(Array.from({ length: 168 }, (_, i) => ({ hour: hour - 1 - i, accepted: 200 })));
    const spike = { enabled: true, floor: 100, multiplier: 3 };
    const r = AcquireResponseSchema.parse(
      await stub.acquire({
        now: NOW,
        reports: [],
        wants: [{ key: `spike:${hour}`, windowEnd: (hour + 1) * 3600, want: 64, spike }],
      }),
    );
    expect(r.grants[0]?.limit).toBe(600);
    const floorOnly = AcquireResponseSchema.parse(
      await freshStub().acquire({
        now: NOW,
        reports: [],
        wants: [{ key: `spike:${hour}`, windowEnd: (hour + 1) * 3600, want: 64, spike }],
      }),
    );
    expect(floorOnly.grants[0]?.limit).toBe(100);
  });

  it("records what spike leases actually admitted as the hour's accepted count", async () => {
    const stub = freshStub();
    const hour = hourOf(NOW);
    const spike = { enabled: true, floor: 1_000, multiplier: 5 };
    const want = { key: `spike:${hour}`, windowEnd: (hour + 1) * 3600, want: 50, spike };
    const r = AcquireResponseSchema.parse(await stub.acquire({ now: NOW, reports: [], wants: [want] }));
    await stub.acquire({ now: NOW + 1, reports: [{ leaseId: r.grants[0]!.leaseId, used: 37 }], wants: [] });
    expect((await stub.state()).hourly).toEqual([{ hour, accepted: 37 }]);
    await runInDurableObject(stub, (instance) => {
      expect(instance.state().hourly[0]?.accepted).toBe(37);
    });
  });

  it("keeps concurrent isolates sharing one DO within the limit (≤ 1% overshoot) and serves ≥ 99% of it", async () => {
    const scope = `project:${crypto.randomUUID()}`;
    const acquire = async (name: string, request: Parameters<QuotaDO["acquire"]>[0]) =>
      AcquireResponseSchema.parse(await env.QUOTA.get(env.QUOTA.idFromName(name)).acquire(request));
    const isolates = Array.from({ length: 6 }, () => new LeaseCache(acquire));
    const limit = 3_000;
    const spec = { scopeKey: scope, counterKey: "q:1", windowEnd: NOW + 60, limit };
    let accepted = 0;
    await Promise.all(
      isolates.map(async (cache) => {
        for (let i = 0; i < 150; i++) {
          const burst = await Promise.all(Array.from({ length: 5 }, () => cache.consume([spec], 1, NOW)));
          accepted += burst.filter((r) => r.accepted).length;
        }
      }),
    );
    expect(accepted).toBeLessThanOrEqual(limit * 1.01);
    expect(accepted).toBeGreaterThanOrEqual(limit * 0.99);
  });

  it("costs ≤ 1 DO call per 50 accepted events at steady load", async () => {
    const acquire = async (name: string, request: Parameters<QuotaDO["acquire"]>[0]) =>
      AcquireResponseSchema.parse(await env.QUOTA.get(env.QUOTA.idFromName(name)).acquire(request));
    const isolates = Array.from({ length: 4 }, () => new LeaseCache(acquire));
    const spec = {
      scopeKey: `key:${crypto.randomUUID()}`,
      counterKey: "q:1",
      windowEnd: NOW + 3600,
      limit: 10_000_000,
    };
    let accepted = 0;
    await Promise.all(
      isolates.map(async (cache) => {
        for (let i = 0; i < 250; i++) {
          const burst = await Promise.all(Array.from({ length: 4 }, () => cache.consume([spec], 1, NOW + i / 100)));
          accepted += burst.filter((r) => r.accepted).length;
        }
      }),
    );
    expect(accepted).toBe(4_000);
    const calls = isolates.reduce((sum, c) => sum + c.acquireCalls, 0);
    expect(calls).toBeLessThanOrEqual(accepted / 50);
  });
});
