/**
 * @module
 * The reference Workers of DESIGN 6 under `workerd serve`, built and configured by the same code as
 * the edge (scripts/lib/workerd.ts): `bench/workers/ok` (a Hono Worker that answers 200, the platform
 * ceiling) and `bench/workers/parse` (a Hono Worker that gunzips and parses the envelope, the parse
 * ceiling). Each listens on a free port on 127.0.0.1.
 */
import { join } from "node:path";
import { freePort, type ManagedProcess } from "../../scripts/lib/process.ts";
import { REPO_ROOT } from "../../scripts/lib/stack.ts";
import { generateWorkerdConfig, startWorkerd } from "../../scripts/lib/workerd.ts";

/** The running reference Workers. */
export interface ReferenceWorkers {
  ports: { ok: number; parse: number };
  /** Ok first, then parse. */
  processes: ManagedProcess[];
}

/** Bundles, configures and starts both reference Workers under `workDir`. */
export async function startReferenceWorkers(workDir: string): Promise<ReferenceWorkers> {
  const ports = { ok: await freePort(), parse: await freePort() };
  const processes = await Promise.all(
    (["ok", "parse"] as const).map(async (name) => {
      const config = await generateWorkerdConfig({
        wranglerConfig: join(REPO_ROOT, `bench/workers/${name}/wrangler.toml`),
        outDir: join(workDir, name),
        port: ports[name],
      });
      const readyUrl = `http://127.0.0.1:${ports[name]}/healthz`;
      return startWorkerd({ name: `ceiling-${name}`, configPath: config.configPath, readyUrl });
    }),
  );
  return { ports, processes };
}
