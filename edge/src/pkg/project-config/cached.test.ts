import { describe, expect, it } from "vitest";
import { FakeBackend, projectConfig } from "../../testutil/fake-backend.ts";
import { deferred, RecordingLogger } from "../../testutil/recording.ts";
import { HttpBackendClient } from "../backend/http.ts";
import { ProjectConfigCache } from "./cache.ts";
import { CachedProjectConfigs } from "./cached.ts";

const KEY = "0123456789abcdef0123456789abcdef";
const UNKNOWN = "ffffffffffffffffffffffffffffffff";

function setup(opts: { waitTimeoutMs?: number; maxEntries?: number } = {}) {
  const backend = new FakeBackend().add(projectConfig({ publicKey: KEY }));
  const clock = { now: 1_000_000 };
  const cache = new ProjectConfigCache(opts.maxEntries);
  const logger = new RecordingLogger();
  const configs = new CachedProjectConfigs({
    backend: new HttpBackendClient({
      baseUrl: "http://backend.test",
      secret: "test-internal-secret",
      fetch: backend.fetch,
    }),
    cache,
    logger,
    now: () => clock.now,
    waitTimeoutMs: opts.waitTimeoutMs,
  });
  return { backend, clock, cache, configs, logger };
}

describe("CachedProjectConfigs", () => {
  it("fetches a key once and serves it from the cache for 60 s", async () => {
    const { backend, clock, configs } = setup();
    expect(await configs.get(KEY)).toMatchObject({ ok: true, value: { publicKey: KEY } });
    clock.now += 59_999;
    expect(await configs.get(KEY)).toMatchObject({ ok: true, value: { publicKey: KEY } });
    expect(backend.configRequests).toHaveLength(1);
    clock.now += 1;
    await configs.get(KEY);
    expect(backend.configRequests).toHaveLength(2);
  });

  it("caches unknown keys as null", async () => {
    const { backend, configs } = setup();
    expect(await configs.get(UNKNOWN)).toEqual({ ok: true, value: null });
    expect(await configs.get(UNKNOWN)).toEqual({ ok: true, value: null });
    expect(backend.configRequests).toHaveLength(1);
    expect(backend.configRequests[0]?.searchParams.get("keys")).toBe(UNKNOWN);
  });

  it("coalesces concurrent lookups of a cold key into one fetch", async () => {
    const { backend, configs } = setup();
    const gate = deferred();
    backend.configGate = gate.promise;
    const lookups = Array.from({ length: 5 }, () => configs.get(KEY));
    await new Promise((r) => setTimeout(r, 10));
    gate.resolve();
    const results = await Promise.all(lookups);
    expect(results.every((r) => r.ok && r.value?.publicKey === KEY)).toBe(true);
    expect(backend.configRequests).toHaveLength(1);
  });

  it("fails when the backend is unreachable and nothing is cached", async () => {
    const { backend, configs } = setup();
    backend.unreachable = true;
    expect(await configs.get(KEY)).toEqual({
      ok: false,
      error: { code: "unavailable", detail: "Network connection lost." },
    });
  });

  it("fails when the backend answers an error", async () => {
    const { backend, configs } = setup();
    backend.configStatus = 500;
    expect(await configs.get(KEY)).toEqual({
      ok: false,
      error: { code: "unavailable", detail: "backend answered 500" },
    });
  });

  it("serves a stale entry while the backend is down, and does not cache the failure", async () => {
    const { backend, clock, configs, logger } = setup();
    await configs.get(KEY);
    clock.now += 120_000;
    backend.unreachable = true;
    expect(await configs.get(KEY)).toMatchObject({ ok: true, value: { publicKey: KEY } });
    expect(logger.find("stale")).toHaveLength(1);
    backend.unreachable = false;
    await configs.get(KEY);
    expect(backend.configRequests).toHaveLength(2);
  });

  it("gives up waiting on another request's fetch after the wait timeout", async () => {
    const { backend, configs } = setup({ waitTimeoutMs: 20 });
    const gate = deferred();
    backend.configGate = gate.promise;
    const first = configs.get(KEY);
    const second = await configs.get(KEY);
    expect(second).toEqual({ ok: false, error: { code: "unavailable", detail: "timed out waiting for config" } });
    gate.resolve();
    expect((await first).ok).toBe(true);
  });

  it("bounds the number of cached keys", async () => {
    const { cache, configs } = setup({ maxEntries: 3 });
    for (const key of ["k1", "k2", "k3", "k4"]) await configs.get(key);
    expect(cache.size).toBe(3);
    expect(cache.get("k1")).toBeUndefined();
    expect(cache.get("k4")).toBeDefined();
  });
});
