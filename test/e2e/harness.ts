/**
 * @module
 * The real stack for end-to-end tests: backend and edge (`wrangler dev`), and on request the
 * dashboard, as child processes on free ports with a temp data dir, known credentials, and a small
 * client for the REST API.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshCredentials } from "../../scripts/lib/credentials.ts";
import { freePort } from "../../scripts/lib/process.ts";
import { type Stack, type StackOptions, startStack } from "../../scripts/lib/stack.ts";

export interface TestStack extends Stack {
  apiToken: string;
  /** The seeded admin's login (for the dashboard). */
  admin: { email: string; password: string };
  /** GET a backend REST path with the API token; returns status, headers and parsed JSON. */
  api<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: T }>;
  /** Output of the child processes, for failure messages. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * Starts backend + edge on free ports with fresh credentials in a temp dir.
 * @param options e.g. `{ edgeRuntime: "workerd" }` for the self-hosted edge, `backendVars` for backend settings
 */
export async function startTestStack(
  options: Pick<StackOptions, "edgeRuntime" | "edgeVars" | "dashboardMode" | "backendVars"> & {
    dashboard?: boolean;
  } = {},
): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), "breakwater-e2e-"));
  const credentials = freshCredentials({});
  const logs: string[] = [];
  const stack = await startStack({
    dataDir,
    credentials,
    ...options,
    dashboard: options.dashboard ?? false,
    ports: {
      edge: await freePort(),
      backend: await freePort(),
      inspector: await freePort(),
      ...(options.dashboard ? { dashboard: await freePort() } : {}),
    },
    onLine: (name, line) => {
      logs.push(`[${name}] ${line}`);
      if (process.env.BREAKWATER_E2E_VERBOSE) console.log(`[${name}] ${line}`);
    },
  }).catch((e: unknown) => {
    console.error(logs.join("\n"));
    throw e;
  });
  return {
    ...stack,
    apiToken: credentials.apiToken,
    admin: { email: credentials.adminEmail, password: credentials.adminPassword },
    logs,
    api: apiClient(stack.backendUrl, credentials.apiToken),
    async close() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A REST client for the backend with a Bearer token; returns status, headers and parsed JSON. */
export function apiClient(backendUrl: string, apiToken: string) {
  return async <T = unknown>(path: string, init: RequestInit = {}) => {
    const res = await fetch(`${backendUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json", ...init.headers },
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  };
}

/** Polls `probe` until it returns a value (not undefined) or the timeout passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
