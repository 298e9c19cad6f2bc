/**
 * @module
 * Starts the whole local stack (backend, edge under `wrangler dev` or `workerd serve`, dashboard), as
 * `npm start`, the end-to-end tests and the benchmarks need it. Ports and data dir are parameters so
 * tests can run beside a dev stack.
 */
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { backendEnv, type DevCredentials } from "./credentials.ts";
import { freePort, type ManagedProcess, spawnManaged, waitForHttp } from "./process.ts";
import { startEdgeUnderWorkerd } from "./workerd.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
const BIN = join(REPO_ROOT, "node_modules", ".bin");

export interface StackOptions {
  dataDir: string;
  credentials: DevCredentials;
  ports: { edge: number; backend: number; dashboard?: number; inspector: number };
  /** Start the dashboard too (npm start does; the API tests do not need it). */
  dashboard: boolean;
  /**
   * How the dashboard runs: `dev` (default; `react-router dev`, hot reload) or `production`
   * (`react-router build` once, then `react-router-serve`, as deployed; browser tests use it).
   */
  dashboardMode?: "dev" | "production";
  /** Secret that signs the dashboard's session cookie (`BREAKWATER_SESSION_SECRET`). Default: derived from the internal secret. */
  sessionSecret?: string;
  /** Print child output (default true); tests pass a collector instead. */
  onLine?: (name: string, line: string) => void;
  /** Cluster mode: also run `breakwater consumer` (stores what the backend appends to Kafka). Default: KAFKA_BROKERS set. */
  consumer?: boolean;
  /**
   * Server mode (CLICKHOUSE_URL / DATABASE_URL / KAFKA_BROKERS): use a throwaway ClickHouse database, Postgres
   * database and Kafka topics, dropped by stop(). Default: on under vitest, off otherwise (npm start).
   */
  isolate?: boolean;
  /**
   * How the edge runs. `wrangler` (default): `wrangler dev`, Queue and R2 simulated. `workerd`:
   * self-hosted `workerd serve` with a config generated from wrangler.toml (`FORWARD_MODE=http`,
   * QuotaDO on disk under `<dataDir>/edge-workerd`), see scripts/lib/workerd.ts.
   */
  edgeRuntime?: "wrangler" | "workerd";
  /** Extra backend (and consumer) environment, e.g. `{ BREAKWATER_SMTP_URL: "smtp://…" }`. */
  backendVars?: Record<string, string>;
  /** Extra edge vars, e.g. `{ BREAKWATER_DEBUG_ENDPOINTS: "1" }`. */
  edgeVars?: Record<string, string>;
  /** workerd only: serve the edge's V8 inspector on `ports.inspector` (profiling). */
  edgeInspector?: boolean;
  /** The backend URL the edge uses. Default: the stack's backend (benchmarks may put a proxy between). */
  edgeBackendUrl?: string;
}

export interface Stack {
  edgeUrl: string;
  backendUrl: string;
  dashboardUrl?: string;
  dsn: string;
  processes: ManagedProcess[];
  /** Variables that point at the stack's throwaway cluster namespace (empty when embedded or not isolated). */
  namespaceEnv: Record<string, string>;
  stop(): Promise<void>;
}

/** `react-router build` of the dashboard into dashboard/build (about 30 s on 2 cores). */
export async function buildDashboard(env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Promise<void> {
  const build = spawnManaged({
    name: "dashboard-build",
    command: join(BIN, "react-router"),
    args: ["build"],
    cwd: join(REPO_ROOT, "dashboard"),
    env: { ...env, NODE_ENV: "production" },
    onLine,
  });
  const code = await build.exited;
  if (code !== 0) throw new Error(`dashboard build failed with exit code ${code}`);
}

/** Starts backend, then edge (and dashboard), and waits until each answers its health check. */
export async function startStack(o: StackOptions): Promise<Stack> {
  mkdirSync(o.dataDir, { recursive: true });
  const backendUrl = `http://127.0.0.1:${o.ports.backend}`;
  const edgeUrl = `http://127.0.0.1:${o.ports.edge}`;
  const lineFor = (name: string) => (o.onLine ? (line: string) => o.onLine?.(name, line) : undefined);
  const baseEnv = { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ""}`, NO_COLOR: "1" };
  const processes: ManagedProcess[] = [];
  const serverMode = Boolean(process.env.CLICKHOUSE_URL || process.env.DATABASE_URL || process.env.KAFKA_BROKERS);
  // Imported only here: backend code needs tsx/vite, and `node scripts/start.ts` only strips types.
  const namespace =
    serverMode && (o.isolate ?? process.env.VITEST !== undefined)
      ? await (await import("../../backend/src/testutil/cluster.ts")).createClusterNamespace(process.env, "e2e")
      : null;
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await namespace?.drop();
  };

  try {
    const processEnv = {
      ...baseEnv,
      ...backendEnv(o.credentials),
      PORT: String(o.ports.backend),
      HOST: "127.0.0.1",
      BREAKWATER_DATA_DIR: join(o.dataDir, "backend"),
      BREAKWATER_EDGE_URL: edgeUrl,
      ...namespace?.env,
      ...o.backendVars,
    };
    // BREAKWATER_BACKEND_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): node flags for the
    // backend, which NODE_OPTIONS refuses for --cpu-prof. Node then runs main.ts itself with tsx's
    // loader (no tsx parent process), so SIGTERM reaches it alone and it exits cleanly, writing the profile.
    const nodeArgs = process.env.BREAKWATER_BACKEND_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
    const mainTs = join(REPO_ROOT, "backend", "src", "main.ts");
    const backend = spawnManaged({
      name: "backend",
      command: nodeArgs.length ? process.execPath : join(BIN, "tsx"),
      args: nodeArgs.length ? [...nodeArgs, "--import", "tsx", mainTs] : [mainTs],
      cwd: REPO_ROOT,
      env: processEnv,
      onLine: lineFor("backend"),
    });
    processes.push(backend);
    await waitForHttp(`${backendUrl}/healthz`, backend, 60_000);

    if (o.consumer ?? Boolean(process.env.KAFKA_BROKERS)) {
      const port = await freePort();
      const consumer = spawnManaged({
        name: "consumer",
        command: join(BIN, "tsx"),
        args: [join(REPO_ROOT, "backend", "src", "consumer.ts")],
        cwd: REPO_ROOT,
        env: { ...processEnv, BREAKWATER_CONSUMER_PORT: String(port) },
        onLine: lineFor("consumer"),
      });
      processes.push(consumer);
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, consumer, 60_000);
    }

    const edgeBackendUrl = o.edgeBackendUrl ?? backendUrl;
    let edge: ManagedProcess;
    if (o.edgeRuntime === "workerd") {
      edge = await startEdgeUnderWorkerd({
        outDir: join(o.dataDir, "edge-workerd"),
        port: o.ports.edge,
        backendUrl: edgeBackendUrl,
        vars: o.edgeVars,
        secret: o.credentials.internalSecret,
        onLine: lineFor("edge"),
        inspectorPort: o.edgeInspector ? o.ports.inspector : undefined,
      });
    } else {
      edge = spawnManaged({
        name: "edge",
        command: join(BIN, "wrangler"),
        args: [
          "dev",
          "--config",
          join(REPO_ROOT, "wrangler.toml"),
          "--ip",
          "127.0.0.1",
          "--port",
          String(o.ports.edge),
          "--inspector-port",
          String(o.ports.inspector),
          "--persist-to",
          join(o.dataDir, "edge"),
          "--var",
          `BACKEND_URL:${edgeBackendUrl}`,
          "--var",
          `INTERNAL_SECRET:${o.credentials.internalSecret}`,
          ...Object.entries(o.edgeVars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
          "--show-interactive-dev-session=false",
        ],
        cwd: REPO_ROOT,
        env: { ...baseEnv, WRANGLER_SEND_METRICS: "false", CI: "true" },
        onLine: lineFor("edge"),
      });
    }
    processes.push(edge);
    await waitForHttp(`${edgeUrl}/healthz`, edge, 90_000);

    let dashboardUrl: string | undefined;
    if (o.dashboard && o.ports.dashboard) {
      dashboardUrl = `http://127.0.0.1:${o.ports.dashboard}`;
      const dashboardDir = join(REPO_ROOT, "dashboard");
      const dashboardEnv = {
        ...baseEnv,
        BREAKWATER_BACKEND_URL: backendUrl,
        // Derived from the stack's internal secret unless given, so logins survive a restart of `npm start`.
        BREAKWATER_SESSION_SECRET:
          o.sessionSecret ??
          createHash("sha256").update(`dashboard-session:${o.credentials.internalSecret}`).digest("hex"),
      };
      const production = o.dashboardMode === "production";
      if (production) await buildDashboard(dashboardEnv, lineFor("dashboard-build"));
      const dashboard = spawnManaged({
        name: "dashboard",
        command: join(BIN, production ? "react-router-serve" : "react-router"),
        args: production
          ? ["./build/server/index.js"]
          : ["dev", "--host", "127.0.0.1", "--port", String(o.ports.dashboard)],
        cwd: dashboardDir,
        env: production
          ? { ...dashboardEnv, NODE_ENV: "production", PORT: String(o.ports.dashboard), HOST: "127.0.0.1" }
          : dashboardEnv,
        onLine: lineFor("dashboard"),
      });
      processes.push(dashboard);
      await waitForHttp(dashboardUrl, dashboard, 60_000);
    }

    const dsn = `http://${o.credentials.publicKey}@127.0.0.1:${o.ports.edge}/1`;
    return { edgeUrl, backendUrl, dashboardUrl, dsn, processes, namespaceEnv: namespace?.env ?? {}, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
