/**
 * Types for `env` and `exports` in tests (`cloudflare:test`, `cloudflare:workers`), matching
 * wrangler.toml. The Worker itself validates its env with zod (pkg/env.ts).
 */
declare namespace Cloudflare {
  interface Env {
    BACKEND_URL: string;
    INTERNAL_SECRET: string;
    EVENTS: Queue<import("./pkg/forwarder/message.ts").QueueMessage>;
    EVENT_BLOBS: R2Bucket;
    QUOTA: DurableObjectNamespace<import("./pkg/quota/durable_object.ts").QuotaDO>;
  }
  interface GlobalProps {
    mainModule: typeof import("./worker.ts");
  }
}
