/**
 * @module
 * Builds the per-request {@link ServiceContext} (unkey's `init` middleware). Clients are cheap objects
 * over bindings; what must outlive the request (the config cache) is passed in from module scope.
 */
import type { MiddlewareHandler } from "hono";
import { HttpBackendClient } from "../backend/http.ts";
import type { IngestLimits } from "../body/limits.ts";
import { QueueForwarder } from "../forwarder/queue.ts";
import type { HonoEnv } from "../hono/env.ts";
import { ConsoleLogger } from "../logger/console.ts";
import type { Logger } from "../logger/interface.ts";
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
  /** Default: aggregated per isolate and shipped through the EVENTS queue. */
  outcomes?: OutcomeRecorder;
}

/** Middleware that sets `c.var.services`. */
export function init(opts: InitOptions): MiddlewareHandler<HonoEnv> {
  const now = opts.now ?? Date.now;
  return async (c, next) => {
    const logger = opts.logger ?? new ConsoleLogger({ requestId: c.get("requestId") });
    const backend = new HttpBackendClient({
      baseUrl: c.env.BACKEND_URL,
      secret: c.env.INTERNAL_SECRET,
      fetch: opts.fetch,
    });
    c.set("services", {
      logger,
      limits: opts.limits,
      now,
      projectConfigs: new CachedProjectConfigs({ backend, cache: opts.configCache, logger, now }),
      forwarder: new QueueForwarder({ queue: c.env.EVENTS, blobs: c.env.EVENT_BLOBS }),
      rateLimiter: opts.rateLimiter ?? new DurableRateLimiter(isolateLeases(c.env.QUOTA)),
      outcomes:
        opts.outcomes ??
        new QueueOutcomeRecorder({
          buffer: ISOLATE_OUTCOMES,
          queue: c.env.EVENTS,
          waitUntil: (p) => c.executionCtx.waitUntil(p),
          logger,
        }),
    });
    await next();
  };
}
