/**
 * Resident memory of the real embedded backend (`backend/src/main.ts`, its own process) on a seeded
 * data directory: DESIGN 6 holds embedded mode to ≤ 1 GiB at rest with 1 M events. The benchmark's
 * own process also holds chDB and PGlite while it seeds, so its RSS would overstate the backend's;
 * this starts the backend fresh on the same files, serves a few dashboard reads, and samples it.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, spawnManaged, waitForHttp } from "../../scripts/lib/process.ts";
import { rssMiB } from "../lib/rss.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The backend's RSS after start-up, and at rest after `paths` were each read `rounds` times. */
export interface BackendRss {
  afterStartMiB: number;
  atRestMiB: number;
  peakMiB: number;
}

/**
 * Starts the backend on `dataDir` (closed by the caller first: chDB and PGlite take the files
 * exclusively), reads `paths` with `token`, and stops it.
 */
export async function backendRssOn(
  dataDir: string,
  token: string,
  paths: readonly string[],
  rounds = 5,
): Promise<BackendRss> {
  const port = await freePort();
  const backend = spawnManaged({
    name: "backend",
    command: process.execPath,
    args: ["--import", "tsx", join(REPO_ROOT, "backend", "src", "main.ts")],
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      // Embedded mode on the seeded files, even when the run has the cluster services' variables.
      CLICKHOUSE_URL: "",
      DATABASE_URL: "",
      KAFKA_BROKERS: "",
      PORT: String(port),
      HOST: "127.0.0.1",
      BREAKWATER_DATA_DIR: dataDir,
      BREAKWATER_INTERNAL_SECRET: "bench-internal-secret",
      LOG_LEVEL: "warn",
    },
    onLine: () => {},
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, backend, 120_000);
    const pid = backend.child.pid ?? 0;
    const afterStartMiB = rssMiB(pid);
    let peakMiB = afterStartMiB;
    for (let i = 0; i < rounds; i++) {
      for (const path of paths) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
        peakMiB = Math.max(peakMiB, rssMiB(pid));
      }
    }
    await new Promise((r) => setTimeout(r, 3000));
    const atRestMiB = rssMiB(pid);
    return {
      afterStartMiB: Math.round(afterStartMiB),
      atRestMiB: Math.round(atRestMiB),
      peakMiB: Math.round(Math.max(peakMiB, atRestMiB)),
    };
  } finally {
    await backend.stop();
  }
}
