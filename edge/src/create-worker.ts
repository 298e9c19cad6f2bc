/**
 * @module
 * Assembles the Worker's handlers: the Hono app for `fetch` and the batch consumer for `queue`, both
 * behind env validation. `worker.ts` calls this with production defaults; tests call it with a fake
 * backend `fetch`, a recording logger, a fresh config cache or smaller limits.
 */
import { HttpBackendClient } from "./pkg/backend/http.ts";
import { DEFAULT_LIMITS, type IngestLimits } from "./pkg/body/limits.ts";
import { consumeEventBatch } from "./pkg/consumer/handler.ts";
import { type Env, parseEnv } from "./pkg/env.ts";
import type { QueueMessage } from "./pkg/forwarder/message.ts";
import { newApp } from "./pkg/hono/app.ts";
import { ConsoleLogger } from "./pkg/logger/console.ts";
import type { Logger } from "./pkg/logger/interface.ts";
import type { OutcomeRecorder } from "./pkg/outcomes/interface.ts";
import { ISOLATE_CONFIG_CACHE, type ProjectConfigCache } from "./pkg/project-config/cache.ts";
import type { RateLimiter } from "./pkg/quota/interface.ts";
import { registerDebugQuota } from "./routes/debug-quota.ts";
import { registerEnvelope } from "./routes/envelope.ts";
import { registerHealthz } from "./routes/healthz.ts";
import { registerStore } from "./routes/store.ts";

/** Options for {@link createWorker}; every field has a production default. */
export interface WorkerOptions {
  /** fetch for backend calls (project configs, ingest). Default: global fetch. */
  fetch?: typeof fetch;
  /** Default: JSON lines on the console. */
  logger?: Logger;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  limits?: Partial<IngestLimits>;
  /** Default: the module-scope isolate cache. */
  configCache?: ProjectConfigCache;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Default: QuotaDO-backed leases. */
  rateLimiter?: RateLimiter;
  /** Default: shipped through the EVENTS queue. */
  outcomes?: OutcomeRecorder;
}

/** The Worker's handlers. */
export interface EdgeWorker {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
  queue(batch: MessageBatch<QueueMessage>, env: Env, ctx: ExecutionContext): Promise<void>;
}

/** Builds the handlers. */
export function createWorker(options: WorkerOptions = {}): EdgeWorker {
  const logger = options.logger ?? new ConsoleLogger();
  const app = newApp({
    configCache: options.configCache ?? ISOLATE_CONFIG_CACHE,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    fetch: options.fetch,
    logger: options.logger,
    now: options.now,
    rateLimiter: options.rateLimiter,
    outcomes: options.outcomes,
  });
  registerHealthz(app);
  registerEnvelope(app);
  registerStore(app);
  registerDebugQuota(app);

  return {
    async fetch(request, rawEnv, ctx) {
      const env = parseEnv(rawEnv);
      if (!env.success) {
        logger.error("invalid environment", { issues: env.error.issues });
        return Response.json(
          { detail: "invalid worker environment", causes: env.error.issues.map((i) => i.message) },
          { status: 500 },
        );
      }
      return app.fetch(request, env.data, ctx);
    },

    async queue(batch, rawEnv) {
      const env = parseEnv(rawEnv);
      if (!env.success) {
        // Retrying is right: a fixed deployment will deliver these.
        logger.error("invalid environment, retrying batch", { issues: env.error.issues });
        batch.retryAll({ delaySeconds: 60 });
        return;
      }
      const blobs = env.data.EVENT_BLOBS;
      if (blobs === undefined) {
        // FORWARD_MODE=http has no queue; a batch here means a queue was bound without its R2 bucket.
        logger.error("queue batch without EVENT_BLOBS binding, retrying batch", { mode: env.data.FORWARD_MODE });
        batch.retryAll({ delaySeconds: 60 });
        return;
      }
      const backend = new HttpBackendClient({
        baseUrl: env.data.BACKEND_URL,
        secret: env.data.INTERNAL_SECRET,
        fetch: options.fetch,
      });
      await consumeEventBatch(batch, { backend, blobs, logger });
    },
  };
}
