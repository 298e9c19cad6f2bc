/**
 * @module
 * The one Hono env type of the edge app (unkey's apps/api/src/pkg/hono/env.ts): validated bindings,
 * and the services the init middleware builds for each request.
 */
import type { IngestLimits } from "../body/limits.ts";
import type { Env } from "../env.ts";
import type { EventForwarder } from "../forwarder/interface.ts";
import type { Logger } from "../logger/interface.ts";
import type { OutcomeRecorder } from "../outcomes/interface.ts";
import type { ProjectConfigs } from "../project-config/interface.ts";
import type { RateLimiter } from "../quota/interface.ts";

/** Everything a handler may use; handlers never construct clients themselves. */
export interface ServiceContext {
  logger: Logger;
  projectConfigs: ProjectConfigs;
  forwarder: EventForwarder;
  rateLimiter: RateLimiter;
  outcomes: OutcomeRecorder;
  limits: IngestLimits;
  /** Clock in epoch milliseconds. */
  now: () => number;
}

/** Bindings and per-request variables of the edge app. */
export type HonoEnv = {
  Bindings: Env;
  Variables: {
    services: ServiceContext;
    requestId: string;
  };
};
