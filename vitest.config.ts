/**
 * One vitest run, one project per cost tier (STYLE e): pure core in Node and again inside workerd,
 * the edge inside workerd, the backend in Node (each file in its own process: chDB is per-process),
 * and end-to-end tests that start the real stack.
 */
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const workerdBindings = {
  BACKEND_URL: "http://backend.test",
  INTERNAL_SECRET: "test-internal-secret",
};

export default defineConfig({
  test: {
    projects: [
      { test: { name: "core", include: ["core/src/**/*.test.ts"], environment: "node" } },
      // The dashboard's server-side modules (sessions, CSRF, formatting); its pages are covered by test/browser.
      { test: { name: "dashboard", include: ["dashboard/app/**/*.test.ts"], environment: "node" } },
      {
        plugins: [
          cloudflareTest({
            main: "./edge/src/worker.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: workerdBindings },
          }),
        ],
        test: { name: "core-workerd", include: ["core/src/**/*.test.ts"] },
      },
      {
        plugins: [
          cloudflareTest({
            main: "./edge/src/worker.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: workerdBindings,
              // Hermetic: edge tests fake the backend inside the isolate (createWorker({ fetch }) or a
              // spy on globalThis.fetch). Anything that still reaches the network, such as the queue
              // consumer Miniflare runs on its own after a test has restored fetch, gets a 503.
              outboundService: () => new Response("no network in edge tests", { status: 503 }),
            },
          }),
        ],
        test: { name: "edge", include: ["edge/src/**/*.test.ts"] },
      },
      {
        test: {
          name: "backend",
          include: ["backend/src/**/*.test.ts"],
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/**/*.test.ts"],
          pool: "forks",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
