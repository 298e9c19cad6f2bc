/**
 * `npm start`: the whole system on embedded defaults (chDB + PGlite in the backend, the edge under
 * `wrangler dev`, the dashboard), on the ports of DESIGN 3.4. Prints the DSN and API token; Ctrl-C
 * stops everything.
 */
import { resolve } from "node:path";
import { loadOrCreateCredentials } from "./lib/credentials.ts";
import { REPO_ROOT, startStack } from "./lib/stack.ts";

const dataDir = resolve(REPO_ROOT, process.env.BREAKWATER_DATA_DIR ?? ".data");
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const { credentials, created } = loadOrCreateCredentials(dataDir);

const stack = await startStack({
  dataDir,
  credentials,
  dashboard: true,
  ports: {
    edge: port("BREAKWATER_EDGE_PORT", 8787),
    backend: port("BREAKWATER_BACKEND_PORT", 8788),
    dashboard: port("BREAKWATER_DASHBOARD_PORT", 3000),
    inspector: port("BREAKWATER_INSPECTOR_PORT", 9229),
  },
});

console.log(`
Breakwater is running${created ? " (first start: credentials generated)" : ""}.
  DSN        ${stack.dsn}
  API token  ${credentials.apiToken}
  Login      ${credentials.adminEmail} / ${credentials.adminPassword}
  Edge       ${stack.edgeUrl}
  Backend    ${stack.backendUrl}
  Dashboard  ${stack.dashboardUrl}
Credentials are kept in ${dataDir}/credentials.json. Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

// If any part dies on its own, take the rest down too rather than run half a system.
for (const p of stack.processes) {
  void p.exited.then(async (code) => {
    if (stopping) return;
    console.error(`${p.name} exited with code ${code}; stopping the stack`);
    stopping = true;
    await stack.stop();
    process.exit(1);
  });
}
