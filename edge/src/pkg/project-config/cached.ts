/**
 * @module
 * {@link ProjectConfigs} backed by the backend with an isolate cache (DESIGN 3.2): 60 s TTL, negative
 * caching of unknown keys, one fetch per cold key however many requests wait for it, and stale
 * entries served while the backend is down, so an outage only hurts keys this isolate never saw.
 */
import { err, ok, type Result } from "@breakwater/core/protocol";
import type { ProjectConfig } from "@breakwater/core/schema";
import type { BackendClient } from "../backend/interface.ts";
import type { Logger } from "../logger/interface.ts";
import type { ProjectConfigCache } from "./cache.ts";
import type { ProjectConfigError, ProjectConfigs } from "./interface.ts";

/** Options for {@link CachedProjectConfigs}. */
export interface CachedProjectConfigsOptions {
  backend: BackendClient;
  cache: ProjectConfigCache;
  logger: Logger;
  /** Freshness of an entry in milliseconds. Default 60 000. */
  ttlMs?: number;
  /**
   * How long a request waits for another request's fetch, in milliseconds. Default 10 000. The fetch
   * belongs to the request that started it; if that request is cancelled the promise may never settle.
   */
  waitTimeoutMs?: number;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Project configs from the backend, cached per isolate. */
export class CachedProjectConfigs implements ProjectConfigs {
  private readonly ttlMs: number;
  private readonly waitTimeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: CachedProjectConfigsOptions) {
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.waitTimeoutMs = opts.waitTimeoutMs ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  async get(publicKey: string): Promise<Result<ProjectConfig | null, ProjectConfigError>> {
    const { cache } = this.opts;
    const entry = cache.get(publicKey);
    if (entry && entry.expiresAt > this.now()) return ok(entry.config);

    let pending = cache.inflight.get(publicKey);
    const mine = pending === undefined;
    if (pending === undefined) {
      pending = this.fetch(publicKey).finally(() => cache.inflight.delete(publicKey));
      cache.inflight.set(publicKey, pending);
    }
    const result = mine ? await pending : await withTimeout(pending, this.waitTimeoutMs);
    if (result.ok || entry === undefined) return result;
    this.opts.logger.warn("serving stale project config", { publicKey, reason: result.error.detail });
    return ok(entry.config);
  }

  private async fetch(publicKey: string): Promise<Result<ProjectConfig | null, ProjectConfigError>> {
    const res = await this.opts.backend.getProjectConfigs([publicKey]);
    if (!res.ok) {
      const detail = res.error.code === "http_status" ? `backend answered ${res.error.status}` : res.error.detail;
      this.opts.logger.error("project config fetch failed", { publicKey, error: res.error });
      return err({ code: "unavailable", detail });
    }
    const config = res.value[publicKey] ?? null;
    this.opts.cache.set(publicKey, { config, expiresAt: this.now() + this.ttlMs });
    return ok(config);
  }
}

function withTimeout<T>(
  promise: Promise<Result<T, ProjectConfigError>>,
  ms: number,
): Promise<Result<T, ProjectConfigError>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Result<T, ProjectConfigError>>((resolve) => {
    timer = setTimeout(() => resolve(err({ code: "unavailable", detail: "timed out waiting for config" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
}
