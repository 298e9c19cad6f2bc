/**
 * @module
 * The Worker's environment, validated with zod before any request or batch is handled (as unkey's
 * apps/api does): a missing binding or secret is a deployment bug, reported as such, not a `TypeError`
 * deep in a handler.
 */
import { z } from "zod";
import type { QueueMessage } from "./forwarder/message.ts";
import type { QuotaDO } from "./quota/durable_object.ts";

function hasMethod(name: string) {
  return (value: unknown): boolean =>
    typeof value === "object" && value !== null && typeof (value as Record<string, unknown>)[name] === "function";
}

const zCommon = {
  /** Base URL of the backend, e.g. `http://127.0.0.1:8788` (project configs and ingest live under it). */
  BACKEND_URL: z.url({ protocol: /^https?$/ }),
  /** HMAC key shared with the backend for `X-Breakwater-Signature` (a secret). */
  INTERNAL_SECRET: z.string().min(1),
  /** QuotaDO namespace: one object per quota scope. */
  QUOTA: z.custom<DurableObjectNamespace<QuotaDO>>(
    hasMethod("idFromName"),
    "QUOTA must be a Durable Object namespace binding",
  ),
  /**
   * `"1"` turns on the HMAC-signed diagnostics routes under `/_debug/` (benchmarks read QuotaDO
   * counters there). Default off: absent, they answer 404 like any unknown path.
   */
  BREAKWATER_DEBUG_ENDPOINTS: z.enum(["0", "1"]).optional(),
};

const queueBinding = z.custom<Queue<QueueMessage>>(hasMethod("send"), "EVENTS must be a queue producer binding");
const r2Binding = z.custom<R2Bucket>(hasMethod("put"), "EVENT_BLOBS must be an R2 bucket binding");

/** Cloudflare and `wrangler dev`: events travel through the EVENTS queue (the default mode). */
const zQueueEnv = z.object({
  ...zCommon,
  /** How accepted events reach the backend; absent means `queue`. */
  FORWARD_MODE: z.literal("queue").optional(),
  /** Queue producer: one message per accepted event. */
  EVENTS: queueBinding,
  /** R2 bucket for events too large for a queue message. */
  EVENT_BLOBS: r2Binding,
});

/** Self-hosted `workerd serve`: events go to `POST /internal/ingest` by group commit; no queue, no R2. */
const zHttpEnv = z.object({
  ...zCommon,
  FORWARD_MODE: z.literal("http"),
  EVENTS: queueBinding.optional(),
  EVENT_BLOBS: r2Binding.optional(),
  /** Group-commit window in milliseconds (0–1000). Default 5. */
  GROUP_COMMIT_MS: z.coerce.number().int().min(0).max(1_000).optional(),
  /** Most ingest batches posted and not yet answered at a time (1–64). Default 2. */
  GROUP_COMMIT_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(64).optional(),
});

/**
 * Bindings and variables from wrangler.toml (`[vars]`, secrets, queue producer, R2, DO), by
 * `FORWARD_MODE`: `queue` (default) needs EVENTS and EVENT_BLOBS, `http` does not.
 */
export const zEnv = z.discriminatedUnion("FORWARD_MODE", [zQueueEnv, zHttpEnv]);

/** The validated environment. */
export type Env = z.infer<typeof zEnv>;

// workerd hands the same env object to every request of an isolate: validate it once.
const validated = new WeakMap<object, Env>();

/**
 * Validates the raw Worker env, memoized per env object.
 * @returns the env, or the zod error describing what is missing
 */
export function parseEnv(raw: unknown): z.ZodSafeParseResult<Env> {
  if (typeof raw === "object" && raw !== null) {
    const hit = validated.get(raw);
    if (hit) return { success: true, data: hit };
  }
  const result = zEnv.safeParse(raw);
  if (result.success && typeof raw === "object" && raw !== null) validated.set(raw, result.data);
  return result;
}
