/**
 * @module
 * Per-organization concurrency limit: at most `concurrency` queries of one organization run at
 * once, up to `queue` more wait their turn, and beyond that the caller is refused at once (the
 * route answers 429 with `Retry-After`). One organization's dashboard cannot occupy ClickHouse for
 * everybody else.
 */

/** Options of `OrgLimiter`. */
export interface OrgLimiterOptions {
  /** Queries of one organization running at once. Default 4. */
  concurrency?: number;
  /** Queries of one organization waiting for a slot. Default 16. */
  queue?: number;
}

/** Thrown when an organization's slots and queue are full. */
export class QueryLimitError extends Error {
  override readonly name = "QueryLimitError";
  /** Seconds a client should wait, for `Retry-After`. */
  readonly retryAfter = 1;
}

interface OrgState {
  running: number;
  waiting: (() => void)[];
}

/** The limiter. */
export class OrgLimiter {
  private readonly orgs = new Map<number, OrgState>();
  readonly concurrency: number;
  readonly queue: number;

  constructor(options: OrgLimiterOptions = {}) {
    this.concurrency = options.concurrency ?? 4;
    this.queue = options.queue ?? 16;
  }

  /**
   * Runs `task` in one of the organization's slots.
   * @throws QueryLimitError when no slot is free and the queue is full
   */
  async run<T>(organizationId: number, task: () => Promise<T>): Promise<T> {
    let state = this.orgs.get(organizationId);
    if (!state) {
      state = { running: 0, waiting: [] };
      this.orgs.set(organizationId, state);
    }
    if (state.running >= this.concurrency) {
      if (state.waiting.length >= this.queue) throw new QueryLimitError("Too many concurrent queries");
      await new Promise<void>((resolve) => state?.waiting.push(resolve));
    } else {
      state.running++;
    }
    try {
      return await task();
    } finally {
      const next = state.waiting.shift();
      // The slot passes straight to the next waiter; the count changes only when nobody waits.
      if (next) next();
      else {
        state.running--;
        if (state.running === 0) this.orgs.delete(organizationId);
      }
    }
  }

  /** Queries running for an organization (tests, metrics). */
  running(organizationId: number): number {
    return this.orgs.get(organizationId)?.running ?? 0;
  }
}
