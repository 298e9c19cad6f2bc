/**
 * Writes a `workerd serve` config for the self-hosted edge (DESIGN 5), generated from wrangler.toml:
 * the bundle `wrangler deploy --dry-run` builds, `FORWARD_MODE=http` (group-commit HTTP to the
 * backend instead of Queues), QuotaDO on local disk with SQLite, `INTERNAL_SECRET` read from the
 * environment at startup, and a socket on 127.0.0.1.
 *
 *   node scripts/workerd/config.ts [--out .data/workerd] [--port 8787]
 *     [--backend-url http://127.0.0.1:8788] [--var NAME=VALUE]... [--config wrangler.toml]
 *
 * Then: BREAKWATER_INTERNAL_SECRET=… node_modules/.bin/workerd serve .data/workerd/workerd.capnp
 * (or `node scripts/workerd/serve.ts`, which does both and waits for /healthz).
 */
import { parseArgs } from "node:util";
import { edgeWorkerdOptions, generateWorkerdConfig } from "../lib/workerd.ts";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: ".data/workerd" },
    port: { type: "string", default: "8787" },
    "backend-url": { type: "string", default: "http://127.0.0.1:8788" },
    var: { type: "string", multiple: true, default: [] },
    config: { type: "string" },
  },
});

const vars = Object.fromEntries(
  values.var.map((v) => {
    const at = v.indexOf("=");
    if (at <= 0) throw new Error(`--var wants NAME=VALUE, got ${v}`);
    return [v.slice(0, at), v.slice(at + 1)];
  }),
);
const result = await generateWorkerdConfig({
  ...edgeWorkerdOptions({ outDir: values.out, port: Number(values.port), backendUrl: values["backend-url"], vars }),
  wranglerConfig: values.config,
});
for (const note of result.notes) console.log(`note: ${note}`);
console.log(`wrote ${result.configPath} (modules: ${result.modules.join(", ")})`);
console.log(`run: BREAKWATER_INTERNAL_SECRET=<secret> node_modules/.bin/workerd serve ${result.configPath}`);
