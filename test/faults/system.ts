/**
 * @module
 * The whole cluster-mode system for fault tests, every part killable: private Kafka and ClickHouse
 * (./services.ts), a throwaway Postgres database, the backend and the Kafka consumer as child
 * processes, and the edge under `workerd serve` (group-commit HTTP forwarding: a 200 to the SDK means
 * the backend acknowledged the event, i.e. Kafka has it). Also reads back what was stored.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ClusterNamespace, createClusterNamespace } from "../../backend/src/testutil/cluster.ts";
import { backendEnv, freshCredentials } from "../../scripts/lib/credentials.ts";
import { freePort, type ManagedProcess, spawnManaged, waitForHttp } from "../../scripts/lib/process.ts";
import { REPO_ROOT } from "../../scripts/lib/stack.ts";
import { startEdgeUnderWorkerd } from "../../scripts/lib/workerd.ts";
import { apiClient } from "../e2e/harness.ts";
import { type PrivateServices, startPrivateServices } from "./services.ts";

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

/** A backend process (HTTP service or consumer) that can be crashed, stopped and started again. */
export interface Role {
  readonly name: string;
  /** Starts the process and waits for its `/healthz`. */
  start(): Promise<void>;
  /** SIGKILL to its process group: no drain, no commit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown); resolves with the exit code. */
  terminate(): Promise<number | null>;
}

export interface FaultSystem {
  services: PrivateServices;
  namespace: ClusterNamespace;
  edgeUrl: string;
  backendUrl: string;
  publicKey: string;
  backend: Role;
  consumer: Role;
  /** Child output, for failure messages. */
  logs: string[];
  /** GET/PUT a REST path with the API token. */
  api: ReturnType<typeof apiClient>;
  /** Rows stored per event id in the namespace's `events` table (physical rows, before merges). */
  storedRows(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

function role(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  healthUrl: string,
  logs: string[],
): Role {
  let proc: ManagedProcess | null = null;
  const group = (signal: NodeJS.Signals) => {
    const pid = proc?.child.pid;
    if (pid) process.kill(-pid, signal);
  };
  return {
    name,
    async start() {
      proc = spawnManaged({
        name,
        command: TSX,
        args: [join(REPO_ROOT, "backend", "src", script)],
        cwd: REPO_ROOT,
        env,
        onLine: (line) => logs.push(`[${name}] ${line}`),
      });
      await waitForHttp(healthUrl, proc, 60_000);
    },
    async kill() {
      if (!proc) return;
      group("SIGKILL");
      await proc.exited;
      proc = null;
    },
    async terminate() {
      if (!proc) return null;
      const p = proc;
      // Only the tsx parent: it relays the signal to node, as a service manager's stop would.
      p.child.kill("SIGTERM");
      const code = await p.exited;
      // Make sure no grandchild outlives the test.
      try {
        group("SIGKILL");
      } catch {
        // Already gone.
      }
      proc = null;
      return code;
    },
  };
}

/** Starts everything; spike protection is turned off so that load is limited by faults only. */
export async function startFaultSystem(): Promise<FaultSystem> {
  const logs: string[] = [];
  const services = await startPrivateServices();
  const dataDir = mkdtempSync(join(tmpdir(), "breakwater-faults-data-"));
  let namespace: ClusterNamespace | null = null;
  const roles: Role[] = [];
  let edge: ManagedProcess | null = null;
  const close = async () => {
    await edge?.stop();
    await Promise.all(roles.map((r) => r.kill().catch(() => undefined)));
    await namespace?.drop().catch(() => undefined);
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    namespace = await createClusterNamespace(
      { ...process.env, KAFKA_BROKERS: services.kafkaBrokers, CLICKHOUSE_URL: services.clickhouseUrl },
      "fault",
    );
    const credentials = freshCredentials({});
    const [backendPort, consumerPort, edgePort] = [await freePort(), await freePort(), await freePort()];
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const edgeUrl = `http://127.0.0.1:${edgePort}`;
    const env = {
      ...process.env,
      ...backendEnv(credentials),
      ...namespace.env,
      NO_COLOR: "1",
      HOST: "127.0.0.1",
      PORT: String(backendPort),
      BREAKWATER_CONSUMER_PORT: String(consumerPort),
      BREAKWATER_DATA_DIR: join(dataDir, "backend"),
      BREAKWATER_EDGE_URL: edgeUrl,
      KAFKAJS_NO_PARTITIONER_WARNING: "1",
    };
    const backend = role("backend", "main.ts", env, `${backendUrl}/healthz`, logs);
    const consumer = role("consumer", "consumer.ts", env, `http://127.0.0.1:${consumerPort}/healthz`, logs);
    roles.push(backend, consumer);
    await backend.start();
    await consumer.start();

    const api = apiClient(backendUrl, credentials.apiToken);
    // Before the edge asks for the project's config, so that it never sees spike protection on.
    const spike = await api("/api/0/projects/default/default/spike-protection/", {
      method: "PUT",
      body: JSON.stringify({ enabled: false }),
    });
    if (spike.status !== 200) throw new Error(`disabling spike protection: ${spike.status}`);

    edge = await startEdgeUnderWorkerd({
      outDir: join(dataDir, "edge"),
      port: edgePort,
      backendUrl,
      secret: credentials.internalSecret,
      onLine: (line) => logs.push(`[edge] ${line}`),
    });

    const database = namespace.name;
    const storedRows = async () => {
      const sql = `SELECT event_id, count() AS n FROM ${database}.events WHERE project_id = 1 GROUP BY event_id FORMAT TabSeparated`;
      const res = await fetch(`${services.clickhouseUrl}/?query=${encodeURIComponent(sql)}`);
      if (!res.ok) throw new Error(`ClickHouse: ${res.status} ${await res.text()}`);
      const rows = new Map<string, number>();
      for (const line of (await res.text()).split("\n")) {
        const [id, n] = line.split("\t");
        if (id && n) rows.set(id, Number(n));
      }
      return rows;
    };
    return {
      services,
      namespace,
      edgeUrl,
      backendUrl,
      publicKey: credentials.publicKey,
      backend,
      consumer,
      logs,
      api,
      storedRows,
      close,
    };
  } catch (e) {
    console.error(logs.slice(-80).join("\n"));
    await close();
    throw e;
  }
}
