/**
 * @module
 * Refuses a signature seen before within the signature window (DESIGN 3.2): a captured signed
 * request cannot be sent again, even within the 5 minutes its timestamp stays fresh. Bounded
 * memory: an entry lives until its timestamp leaves the window (after that the signature is stale
 * anyway), and past `capacity` live entries the oldest is forgotten. Per process: several backend
 * instances each keep their own set, so a replay to another instance is refused by the window only.
 */
import { SIGNATURE_WINDOW_SECONDS } from "./hmac.ts";

/** Options for {@link ReplayGuard}. */
export interface ReplayGuardOptions {
  /** Most signatures remembered (default 100,000: ~10 MiB, 330 signed requests/s for 5 min). */
  capacity?: number;
  /** Seconds a timestamp stays fresh either side of now (default {@link SIGNATURE_WINDOW_SECONDS}). */
  windowSeconds?: number;
}

/** A bounded seen-set of signatures. */
export class ReplayGuard {
  /** Signature → unix second after which it is stale; in insertion order (Map keeps it). */
  private readonly seen = new Map<string, number>();
  private readonly capacity: number;
  private readonly windowSeconds: number;

  constructor(o: ReplayGuardOptions = {}) {
    this.capacity = Math.max(1, o.capacity ?? 100_000);
    this.windowSeconds = o.windowSeconds ?? SIGNATURE_WINDOW_SECONDS;
  }

  /**
   * Records a verified signature; false when it was already used.
   * @param signature the `v1` hex of a verified header
   * @param timestamp its `t`
   * @param now unix seconds
   */
  firstUse(signature: string, timestamp: number, now: number): boolean {
    this.evictStale(now);
    if (this.seen.has(signature)) return false;
    if (this.seen.size >= this.capacity) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    this.seen.set(signature, timestamp + this.windowSeconds);
    return true;
  }

  /** Signatures remembered now. */
  get size(): number {
    return this.seen.size;
  }

  /** Drops stale entries from the front; arrival order is close enough to timestamp order. */
  private evictStale(now: number): void {
    for (const [signature, staleAfter] of this.seen) {
      if (staleAfter >= now) break;
      this.seen.delete(signature);
    }
  }
}
