/**
 * @module
 * Builds the per-request {@link ServiceContext} (unkey's `init` middleware). Clients are cheap objects
 * over bindings; what must outlive the request (the config cache) is passed in from module scope.
 */
import type { MiddlewareHandler } from "hono";
import { HttpBackendClient } from "../backend/http.ts";
import type { IngestLimits } from "../body/limits.ts";
import { GroupCommitHttpForwarder, IngestGroupCommit } from "../forwarder/group-commit-http.ts";
import type { EventForwarder } from "../forwarder/interface.ts";
import { QueueForwarder } from "../forwarder/queue.ts";
import type { HonoEnv } from "../hono/env.ts";
import { ConsoleLogger } from "../logger/console.ts";
import type { Logger } from "../logger/interface.ts";
import { HttpOutcomeRecorder } from "../outcomes/http.ts";
import type { OutcomeRecorder } from "../outcomes/interface.ts";
import { ISOLATE_OUTCOMES, QueueOutcomeRecorder } from "../outcomes/queue.ts";
import type { ProjectConfigCache } from "../project-config/cache.ts";
import { CachedProjectConfigs } from "../project-config/cached.ts";
import { DurableRateLimiter, isolateLeases } from "../quota/client.ts";
import type { RateLimiter } from "../quota/interface.ts";

/** What the init middleware needs beyond the bindings. */
export interface InitOptions {
  /** Isolate-level config cache (module scope in production, fresh per test). */
  configCache: ProjectConfigCache;
  limits: IngestLimits;
  /** fetch for backend calls. Default the global fetch; tests inject a fake backend here. */
  fetch?: typeof fetch;
  /** Default: JSON lines on the console, tagged with the request id. */
  logger?: Logger;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Default: QuotaDO leases through the isolate's lease cache. */
  rateLimiter?: RateLimiter;
  /** Default: aggregated per isolate and shipped through the EVENTS queue (or posted, in http mode). */
  outcomes?: OutcomeRecorder;
}

/** Middleware that sets `c.var.services`. */
export function init(opts: InitOptions): MiddlewareHandler<HonoEnv> {
  const now = opts.now ?? Date.now;
  // FORWARD_MODE=http: one batcher per app, i.e. per isolate in production (worker.ts builds the app
  // at module scope), so concurrent requests share batches. Built on first use, from that env.
  let groupCommit: IngestGroupCommit | undefined;
  return async (c, next) => {
    const logger = opts.logger ?? new ConsoleLogger({ requestId: c.get("requestId") });
    const backend = new HttpBackendClient({
      baseUrl: c.env.BACKEND_URL,
      secret: c.env.INTERNAL_SECRET,
      fetch: opts.fetch,
    });
    const waitUntil = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
    let forwarder: EventForwarder;
    let outcomes: OutcomeRecorder;
    if (c.env.FORWARD_MODE === "http") {
      groupCommit ??= new IngestGroupCommit({
        backend,
        logger: opts.logger ?? new ConsoleLogger(),
        maxDelayMs: c.env.GROUP_COMMIT_MS,
        maxInFlight: c.env.GROUP_COMMIT_MAX_IN_FLIGHT,
      });
      forwarder = new GroupCommitHttpForwarder(groupCommit, waitUntil);
      outcomes = opts.outcomes ?? new HttpOutcomeRecorder({ buffer: ISOLATE_OUTCOMES, backend, waitUntil, logger });
    } else {
      forwarder = new QueueForwarder({ queue: c.env.EVENTS, blobs: c.env.EVENT_BLOBS });
      outcomes =
        opts.outcomes ?? new QueueOutcomeRecorder({ buffer: ISOLATE_OUTCOMES, queue: c.env.EVENTS, waitUntil, logger });
    }
    c.set("services", {
      logger,
      limits: opts.limits,
      now,
      projectConfigs: new CachedProjectConfigs({ backend, cache: opts.configCache, logger, now }),
      forwarder,
      rateLimiter: opts.rateLimiter ?? new DurableRateLimiter(isolateLeases(c.env.QUOTA)),
      outcomes,
    });
    await next();
  };
}
