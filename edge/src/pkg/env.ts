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

/** Bindings and variables from wrangler.toml (`[vars]`, secrets, queue producer, R2). */
export const zEnv = z.object({
  /** Base URL of the backend, e.g. `http://127.0.0.1:8788` (project configs and ingest live under it). */
  BACKEND_URL: z.url({ protocol: /^https?$/ }),
  /** HMAC key shared with the backend for `X-Breakwater-Signature` (a secret). */
  INTERNAL_SECRET: z.string().min(1),
  /** Queue producer: one message per accepted event. */
  EVENTS: z.custom<Queue<QueueMessage>>(hasMethod("send"), "EVENTS must be a queue producer binding"),
  /** R2 bucket for events too large for a queue message. */
  EVENT_BLOBS: z.custom<R2Bucket>(hasMethod("put"), "EVENT_BLOBS must be an R2 bucket binding"),
  /** QuotaDO namespace: one object per quota scope. */
  QUOTA: z.custom<DurableObjectNamespace<QuotaDO>>(
    hasMethod("idFromName"),
    "QUOTA must be a Durable Object namespace binding",
  ),
});

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
