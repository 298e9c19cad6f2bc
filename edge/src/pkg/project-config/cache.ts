/**
 * @module
 * The isolate-level store behind {@link CachedProjectConfigs}. It lives in module scope, so all
 * requests served by one isolate share it, and it dies with the isolate: nothing to invalidate by hand
 * beyond the TTL.
 */
import type { Result } from "@breakwater/core/protocol";
import type { ProjectConfig } from "@breakwater/core/schema";
import type { ProjectConfigError } from "./interface.ts";

/** A cached answer: a config, or `null` for a key the backend does not know (negative caching). */
export interface CacheEntry {
  config: ProjectConfig | null;
  /** Epoch milliseconds after which the entry is stale. */
  expiresAt: number;
}

/** Default number of keys kept per isolate. */
export const DEFAULT_MAX_ENTRIES = 10_000;

/** Entries by public key, plus the fetches in flight (for coalescing). */
export class ProjectConfigCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** One fetch per key at a time: concurrent requests for a cold key wait on the same promise. */
  readonly inflight = new Map<string, Promise<Result<ProjectConfig | null, ProjectConfigError>>>();

  /** @param maxEntries bound on cached keys; the oldest inserted goes first (random keys are cheap to send) */
  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /** The entry for `key`, fresh or stale. */
  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  /** Stores an entry, evicting the oldest when full. */
  set(key: string, entry: CacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Number of cached keys. */
  get size(): number {
    return this.entries.size;
  }
}

/** The isolate's cache, shared by every request this isolate serves. */
export const ISOLATE_CONFIG_CACHE = new ProjectConfigCache();
