import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Querier } from "../clickhouse/interface.ts";
import { ResultCache } from "./cache.ts";
import { QueryExecutor, QueryTimeoutError, withMaxExecutionTime } from "./execute.ts";
import { OrgLimiter, QueryLimitError } from "./limiter.ts";

/** A querier that counts calls and answers when told to. */
function controlled() {
  const calls: string[] = [];
  const pending: ((rows: unknown[]) => void)[] = [];
  const querier = {
    query: (sql: string) => {
      calls.push(sql);
      return new Promise<unknown[]>((resolve) => pending.push(resolve));
    },
  } as Querier;
  return { querier, calls, answer: (rows: unknown[]) => pending.shift()?.(rows) };
}

const Row = z.object({ n: z.number() });
const tick = () => new Promise((r) => setImmediate(r));

describe("QueryExecutor", () => {
  it("runs concurrent identical queries once and serves the result for 1 s", async () => {
    const { querier, calls, answer } = controlled();
    const ex = new QueryExecutor(querier);
    const a = ex.query(1, "SELECT 1", Row);
    const b = ex.query(1, "SELECT 1", Row);
    const c = ex.query(1, "SELECT 2", Row);
    await tick();
    expect(calls).toEqual(["SELECT 1\nSETTINGS max_execution_time = 10", "SELECT 2\nSETTINGS max_execution_time = 10"]);
    answer([{ n: 1 }]);
    answer([{ n: 2 }]);
    expect(await a).toEqual({ rows: [{ n: 1 }], hit: false });
    expect(await b).toEqual({ rows: [{ n: 1 }], hit: true });
    expect((await c).rows).toEqual([{ n: 2 }]);
    expect(await ex.query(1, "SELECT 1", Row)).toEqual({ rows: [{ n: 1 }], hit: true });
    expect(calls).toHaveLength(2);
  });

  it("times out on the client side when the store does not answer", async () => {
    const { querier } = controlled();
    const ex = new QueryExecutor(querier);
    ex.timeoutMs = 20;
    await expect(ex.query(1, "SELECT slow", Row)).rejects.toBeInstanceOf(QueryTimeoutError);
  });

  it("maps ClickHouse's TIMEOUT_EXCEEDED to a timeout", async () => {
    const querier = {
      query: () => Promise.reject(new Error("Code: 159. DB::Exception: Timeout exceeded: elapsed 10.1 seconds")),
    } as unknown as Querier;
    await expect(new QueryExecutor(querier).query(1, "SELECT x", Row)).rejects.toBeInstanceOf(QueryTimeoutError);
  });
});

describe("withMaxExecutionTime", () => {
  it("adds the server-side limit once", () => {
    expect(withMaxExecutionTime("SELECT 1 ")).toBe("SELECT 1\nSETTINGS max_execution_time = 10");
    const compiled = "SELECT 1\nSETTINGS max_execution_time = 3";
    expect(withMaxExecutionTime(compiled)).toBe(compiled);
  });
});

describe("ResultCache", () => {
  it("expires entries after the TTL and never caches failures", async () => {
    let now = 0;
    const cache = new ResultCache<number>({ ttlMs: 1000, now: () => now });
    let runs = 0;
    const run = async () => ++runs;
    expect(await cache.get("q", run)).toEqual({ value: 1, hit: false });
    now = 999;
    expect(await cache.get("q", run)).toEqual({ value: 1, hit: true });
    now = 1000;
    expect(await cache.get("q", run)).toEqual({ value: 2, hit: false });
    await expect(cache.get("bad", () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(await cache.get("bad", run)).toEqual({ value: 3, hit: false });
  });

  it("stays bounded", async () => {
    const cache = new ResultCache<number>({ maxEntries: 10 });
    for (let i = 0; i < 50; i++) await cache.get(`q${i}`, async () => i);
    expect(cache.size).toBeLessThanOrEqual(10);
  });
});

describe("OrgLimiter", () => {
  it("runs at most `concurrency` per organization, queues up to `queue`, refuses beyond", async () => {
    const limiter = new OrgLimiter({ concurrency: 2, queue: 1 });
    const gates: (() => void)[] = [];
    const task = () => new Promise<void>((r) => gates.push(r));
    const running = [limiter.run(1, task), limiter.run(1, task), limiter.run(1, task)];
    await tick();
    expect(limiter.running(1)).toBe(2);
    expect(gates).toHaveLength(2);
    await expect(limiter.run(1, task)).rejects.toBeInstanceOf(QueryLimitError);
    // Another organization is not affected.
    const otherOrg = limiter.run(2, async () => "ok");
    expect(await otherOrg).toBe("ok");
    gates.shift()?.();
    await tick();
    expect(gates).toHaveLength(2); // the queued task got the freed slot
    for (const g of gates.splice(0)) g();
    await Promise.all(running);
    expect(limiter.running(1)).toBe(0);
  });
});
