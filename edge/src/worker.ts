/**
 * @module
 * The edge Worker's entry point (wrangler.toml `main`): Sentry ingest over HTTP (`fetch`) and the
 * consumer of its own event queue (`queue`). See edge/README.md for the path of an event.
 */
import { createWorker } from "./create-worker.ts";
import type { Env } from "./pkg/env.ts";
import type { QueueMessage } from "./pkg/forwarder/message.ts";

export { QuotaDO } from "./pkg/quota/durable_object.ts";

const worker = createWorker();

export default {
  fetch: worker.fetch,
  queue: worker.queue,
} satisfies ExportedHandler<Env, QueueMessage>;
