/**
 * @module
 * A short-lived result cache keyed by a hash of the SQL. Dashboards fire the same queries from
 * many tabs at once; concurrent identical queries share one in-flight promise, and a finished
 * result is reused for `ttlMs` (1 s by default), so a stampede costs one ClickHouse query.
 * Failures are never cached.
 */
import { createHash } from "node:crypto";

/** Options of `ResultCache`. */
export interface ResultCacheOptions {
  /** How long a finished result is served, ms. Default 1000. */
  ttlMs?: number;
  /** Most entries kept; expired ones are swept first, then the oldest. Default 1000. */
  maxEntries?: number;
  /** Clock, ms (tests). */
  now?: () => number;
}

interface Entry<T> {
  promise: Promise<T>;
  /** Set when the promise settled successfully; until then the entry is in flight. */
  expiresAt: number | null;
}

/** Hash of a SQL text, the cache key. */
export const sqlKey = (sql: string): string => createHash("sha256").update(sql).digest("hex");

/** The cache. */
export class ResultCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: ResultCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 1000;
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The cached or in-flight result for `sql`, else runs `run` and shares its promise.
   * @returns the value and whether it came from the cache (or another caller's flight)
   */
  async get(sql: string, run: () => Promise<T>): Promise<{ value: T; hit: boolean }> {
    const key = sqlKey(sql);
    const found = this.entries.get(key);
    if (found && (found.expiresAt === null || found.expiresAt > this.now())) {
      return { value: await found.promise, hit: true };
    }
    this.sweep();
    const entry: Entry<T> = { promise: run(), expiresAt: null };
    this.entries.set(key, entry);
    try {
      const value = await entry.promise;
      entry.expiresAt = this.now() + this.ttlMs;
      return { value, hit: false };
    } catch (e) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw e;
    }
  }

  /** Entries held (tests). */
  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== null && entry.expiresAt <= now) this.entries.delete(key);
    }
    // Still full: drop the oldest (Map keeps insertion order).
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
