/**
 * @module
 * Test harness: real stores (PGlite + chDB) in a fresh temp directory, seeded like a first start,
 * and the app over them. One per test file: chDB allows one engine per process, and vitest runs each
 * backend test file in its own process.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { signRequest } from "@breakwater/core/signature";
import type { Hono } from "hono";
import { createApp } from "../app.ts";
import { seedBootstrap } from "../bootstrap/seed.ts";
import type { HonoEnv } from "../hono/env.ts";
import { silentLogger } from "../logger.ts";
import { openServices, type Services } from "../services.ts";

/** Internal HMAC secret of the harness. */
export const TEST_SECRET = "test-internal-secret";
/** API token seeded for organization `default`. */
export const TEST_TOKEN = "a".repeat(64);
/** DSN public key seeded for project 1. */
export const TEST_PUBLIC_KEY = "0123456789abcdef0123456789abcdef";

/** A running backend for tests. */
export interface Harness {
  dir: string;
  services: Services;
  app: Hono<HonoEnv>;
  /** `Authorization` header of the seeded token. */
  auth: { Authorization: string };
  close(): Promise<void>;
}

/** Opens stores in a temp dir, seeds `default` with `TEST_TOKEN` / `TEST_PUBLIC_KEY`, builds the app. */
export async function createHarness(): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), "bw-backend-test-"));
  const opened = await openServices({
    dataDir: dir,
    internalSecret: TEST_SECRET,
    dashboardUrl: "http://dashboard.test",
    logger: silentLogger(),
  });
  await seedBootstrap(opened.services.db, {
    publicKey: TEST_PUBLIC_KEY,
    apiToken: TEST_TOKEN,
    adminPassword: "correct horse battery staple",
  });
  return {
    dir,
    services: opened.services,
    app: createApp(opened.services),
    auth: { Authorization: `Bearer ${TEST_TOKEN}` },
    close: async () => {
      await opened.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Headers for a signed internal request over `body` (the exact bytes sent). */
export function signedHeaders(
  body: Uint8Array | string,
  opts: { secret?: string; now?: number } = {},
): Record<string, string> {
  return { "X-Breakwater-Signature": signRequest(opts.secret ?? TEST_SECRET, body, opts.now) };
}
