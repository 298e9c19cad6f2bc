/**
 * Runs the self-hosted edge under `workerd serve` (DESIGN 5): generates the config from wrangler.toml
 * (see config.ts), starts workerd and waits for `/healthz`. The HMAC secret comes from
 * `BREAKWATER_INTERNAL_SECRET`, else from `<data dir>/credentials.json` as `npm start` keeps it.
 * Ctrl-C stops it. The backend must be running (`npm start` or `tsx backend/src/main.ts`).
 *
 *   node scripts/workerd/serve.ts [--port 8787] [--backend-url http://127.0.0.1:8788] [--var NAME=VALUE]...
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadOrCreateCredentials } from "../lib/credentials.ts";
import { REPO_ROOT } from "../lib/stack.ts";
import { EDGE_SECRET_ENV, edgeWorkerdOptions, generateWorkerdConfig, startWorkerd } from "../lib/workerd.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.BREAKWATER_EDGE_PORT ?? "8787" },
    "backend-url": { type: "string", default: "http://127.0.0.1:8788" },
    var: { type: "string", multiple: true, default: [] },
  },
});

const dataDir = resolve(REPO_ROOT, process.env.BREAKWATER_DATA_DIR ?? ".data");
const { credentials } = loadOrCreateCredentials(dataDir);
const port = Number(values.port);
const vars = Object.fromEntries(values.var.map((v) => [v.slice(0, v.indexOf("=")), v.slice(v.indexOf("=") + 1)]));
const { configPath, notes } = await generateWorkerdConfig(
  edgeWorkerdOptions({ outDir: join(dataDir, "workerd"), port, backendUrl: values["backend-url"], vars }),
);
for (const note of notes) console.log(`note: ${note}`);
const edge = await startWorkerd({
  name: "edge",
  configPath,
  readyUrl: `http://127.0.0.1:${port}/healthz`,
  env: { [EDGE_SECRET_ENV]: credentials.internalSecret },
});
console.log(`edge (workerd serve ${configPath}) listening on http://127.0.0.1:${port}; Ctrl-C stops it`);

const stop = async () => {
  await edge.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
void edge.exited.then((code) => {
  console.error(`workerd exited with code ${code}`);
  process.exit(1);
});
