/**
 * @module
 * One test's edge: the real app and consumer from `createWorker`, with the backend faked at the HTTP
 * level, a recording queue in place of `EVENTS` (the real R2 binding stays), a recording logger and a
 * fresh config cache, so tests never share state through the isolate cache.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import type { ProjectConfig } from "@breakwater/core/schema";
import { createWorker, type WorkerOptions } from "../create-worker.ts";
import type { IngestLimits } from "../pkg/body/limits.ts";
import type { Env } from "../pkg/env.ts";
import { MemoryOutcomeRecorder } from "../pkg/outcomes/memory.ts";
import { ProjectConfigCache } from "../pkg/project-config/cache.ts";
import { FakeBackend, projectConfig } from "./fake-backend.ts";
import { RecordingLogger, RecordingQueue } from "./recording.ts";

/** The key every harness knows: project 1, key id 11. */
export const PUBLIC_KEY = "0123456789abcdef0123456789abcdef";
export const PROJECT_ID = 1;
export const KEY_ID = 11;

/** Options for {@link newHarness}. */
export interface HarnessOptions {
  limits?: Partial<IngestLimits>;
  now?: () => number;
  /** Default: a {@link RecordingQueue}; pass `env.EVENTS` for the real queue. */
  queue?: Env["EVENTS"];
  worker?: Omit<WorkerOptions, "fetch" | "logger" | "configCache">;
}

/** Builds a harness. */
export function newHarness(opts: HarnessOptions = {}) {
  const backend = new FakeBackend().add(projectConfig({ publicKey: PUBLIC_KEY, keyId: KEY_ID, projectId: PROJECT_ID }));
  const queue = new RecordingQueue();
  const logger = new RecordingLogger();
  const configCache = new ProjectConfigCache();
  const outcomes = new MemoryOutcomeRecorder();
  const worker = createWorker({
    outcomes,
    ...opts.worker,
    fetch: backend.fetch,
    logger,
    configCache,
    limits: opts.limits,
    now: opts.now,
  });
  const testEnv: Env = { ...env, EVENTS: opts.queue ?? queue };

  /** Sends a request through the Worker's fetch handler and waits for its background work. */
  async function request(input: string, init?: RequestInit): Promise<Response> {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(new URL(input, "https://edge.test"), init), testEnv, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  return { backend, queue, logger, configCache, outcomes, worker, env: testEnv, request };
}

/** The `X-Sentry-Auth` header for a key. */
export function sentryAuth(key = PUBLIC_KEY, client = "sentry.javascript.node/11.12.0"): string {
  return `Sentry sentry_key=${key}, sentry_version=7, sentry_client=${client}`;
}

/** The DSN of a key. */
export function dsn(key = PUBLIC_KEY, projectId = PROJECT_ID): string {
  return `https://${key}@edge.test/${projectId}`;
}

/** A random positive id: test files run in separate isolates but share Durable Object storage. */
const randomId = () => 1 + (crypto.getRandomValues(new Uint32Array(1))[0]! % 2_000_000_000);

/**
 * A harness plus a key of its own: fresh key id, project id and public key, so Durable Object state
 * and the isolate's lease cache are never shared with another test. Spike protection is off unless
 * `overrides` turn it on.
 */
export function newHarnessWithOwnKey(overrides: Partial<ProjectConfig>, opts: HarnessOptions = {}) {
  const keyId = randomId();
  const projectId = randomId();
  const publicKey = crypto.randomUUID().replaceAll("-", "");
  const h = newHarness(opts);
  h.backend.add(
    projectConfig({
      publicKey,
      keyId,
      projectId,
      spikeProtection: { enabled: false, floor: 0, multiplier: 1 },
      ...overrides,
    }),
  );
  return { h, keyId, projectId, publicKey };
}
