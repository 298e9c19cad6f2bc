import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { type ManagedProcess, runToCompletion, spawnManaged, waitForHttp } from "./process.ts";

const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
const BIN = join(REPO_ROOT, "node_modules", ".bin");
/** The workerd binary from node_modules (the `workerd` npm package). */
export const WORKERD_BIN = join(BIN, "workerd");

/** Options for {@link generateWorkerdConfig}. */
export interface WorkerdConfigOptions {
  /** The Worker's wrangler config. Default: the repo's wrangler.toml. */
  wranglerConfig?: string;
  /** Directory for the bundle (`dist/`), the config (`workerd.capnp`) and Durable Objects (`do/`). */
  outDir: string;
  /** Listen address. Default host 127.0.0.1. */
  host?: string;
  port: number;
  /** Text bindings set on top of (or instead of) wrangler's `[vars]`. */
  vars?: Record<string, string>;
  /**
   * Bindings read from the process environment when workerd starts (binding name → variable name), so
   * secrets never land in the config file. E.g. `{ INTERNAL_SECRET: "BREAKWATER_INTERNAL_SECRET" }`.
   */
  fromEnvironment?: Record<string, string>;
  /** Let the Worker's `fetch` reach private and loopback addresses (a backend on 127.0.0.1). Default true. */
  allowPrivateNetwork?: boolean;
  /** Where the Durable Objects' SQLite files live. Default `<outDir>/do`. */
  durableObjectDir?: string;
}

/** What {@link generateWorkerdConfig} wrote. */
export interface WorkerdConfig {
  /** The capnp file to pass to `workerd serve`. */
  configPath: string;
  /** Module files in the bundle, main module first. */
  modules: string[];
  /** Bindings of wrangler.toml that could not be carried over, and why. */
  notes: string[];
}

/** The part of wrangler's resolved config we use (wrangler fills in defaults for all of it). */
export interface WranglerConfigSubset {
  name?: string;
  main?: string;
  compatibility_date?: string;
  compatibility_flags?: string[];
  vars?: Record<string, unknown>;
  durable_objects?: { bindings: Array<{ name: string; class_name: string; script_name?: string }> };
  migrations?: Array<{
    new_sqlite_classes?: string[];
    renamed_classes?: Array<{ from: string; to: string }>;
    deleted_classes?: string[];
  }>;
  queues?: { producers?: Array<{ binding: string }> };
  r2_buckets?: Array<{ binding: string }>;
  kv_namespaces?: Array<{ binding: string }>;
  d1_databases?: Array<{ binding: string }>;
}

/**
 * Reads a wrangler config with wrangler's own parser (`unstable_readConfig`): TOML or JSONC, the same
 * defaults and validation as `wrangler deploy`, no TOML dependency of our own. Loading wrangler takes a
 * couple of seconds, which is why it is imported only here.
 */
export async function readWranglerConfig(path: string): Promise<WranglerConfigSubset> {
  const { unstable_readConfig } = await import("wrangler");
  return unstable_readConfig({ config: path }, { hideWarnings: true }) as unknown as WranglerConfigSubset;
}

/** Runs a command to completion, collecting its output for the error message. */
async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  await runToCompletion(command, args, { cwd, env });
}

/**
 * Bundles the Worker of a wrangler config into `outDir` (`wrangler deploy --dry-run --outdir`), the
 * exact bundle `wrangler deploy` would upload.
 * @param main the config's `main`, to put its module first
 * @returns the module files, main module first
 */
export async function bundleWorker(wranglerConfig: string, outDir: string, main?: string): Promise<string[]> {
  rmSync(outDir, { recursive: true, force: true });
  await run(
    join(BIN, "wrangler"),
    ["deploy", "--dry-run", "--outdir", outDir, "--config", wranglerConfig],
    dirname(wranglerConfig),
    {
      ...process.env,
      PATH: `${BIN}:${process.env.PATH ?? ""}`,
      WRANGLER_SEND_METRICS: "false",
      CI: "true",
      NO_COLOR: "1",
    },
  );
  return orderModules(readdirSync(outDir), main);
}

/** Module files of a bundle (no source maps, no README), the main module first. */
function orderModules(files: string[], main?: string): string[] {
  const modules = files.filter((f) => /\.(m?js|wasm|bin|txt|html|sql)$/.test(f));
  const mainName = main ? `${basename(main, extname(main))}.js` : undefined;
  const mainFile = modules.find((f) => f === mainName) ?? modules.find((f) => /\.m?js$/.test(f));
  if (!mainFile) throw new Error("no JavaScript module in the bundle");
  return [mainFile, ...modules.filter((f) => f !== mainFile)];
}

/** A capnp text literal. Config values are URLs, names and numbers; control characters are refused. */
function capnpString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of the check
  if (/[\u0000-\u001f]/.test(value)) throw new Error(`control character in config value ${JSON.stringify(value)}`);
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function moduleEntry(file: string, configDir: string, distDir: string): string {
  const path = capnpString(relative(configDir, join(distDir, file)));
  const name = capnpString(file);
  if (/\.m?js$/.test(file)) return `(name = ${name}, esModule = embed ${path})`;
  if (file.endsWith(".wasm")) return `(name = ${name}, wasm = embed ${path})`;
  if (/\.(txt|html|sql)$/.test(file)) return `(name = ${name}, text = embed ${path})`;
  return `(name = ${name}, data = embed ${path})`;
}

/** Classes created SQLite-backed by the migrations (`new_sqlite_classes`, following renames). */
function sqliteClasses(migrations: NonNullable<WranglerConfigSubset["migrations"]>): Set<string> {
  const classes = new Set<string>();
  for (const m of migrations) {
    for (const c of m.new_sqlite_classes ?? []) classes.add(c);
    for (const r of m.renamed_classes ?? []) {
      if (classes.delete(r.from)) classes.add(r.to);
    }
    for (const c of m.deleted_classes ?? []) classes.delete(c);
  }
  return classes;
}

/** Everything {@link renderWorkerdConfig} needs: the wrangler config, the bundle, the options. */
export interface RenderInput {
  config: WranglerConfigSubset;
  /** Module files, main first, relative to `distDir`. */
  modules: string[];
  /** Directory the config file is written to (`embed` paths are relative to it). */
  configDir: string;
  distDir: string;
  /** Absolute directory for Durable Object storage. */
  doDir: string;
  /** The wrangler config's path, for the header comment. */
  source: string;
  options: Pick<WorkerdConfigOptions, "host" | "port" | "vars" | "fromEnvironment" | "allowPrivateNetwork">;
}

/**
 * The capnp text for one Worker service: the config's compatibility date and flags, its vars
 * (overridden by `vars`, or replaced by `fromEnvironment` bindings), its own Durable Object classes
 * on local disk (SQLite API on for `new_sqlite_classes`), an `internet` network service as its
 * global outbound, and one HTTP socket. Pure: tested without wrangler or workerd.
 * @returns the text, and the wrangler bindings that were left out
 */
export function renderWorkerdConfig(input: RenderInput): { text: string; notes: string[] } {
  const { config, options: o } = input;
  const notes: string[] = [];
  for (const q of config.queues?.producers ?? [])
    notes.push(`${q.binding}: queue binding left out (no queues in workerd)`);
  for (const b of config.r2_buckets ?? []) notes.push(`${b.binding}: R2 binding left out`);
  for (const b of config.kv_namespaces ?? []) notes.push(`${b.binding}: KV binding left out`);
  for (const b of config.d1_databases ?? []) notes.push(`${b.binding}: D1 binding left out`);

  const bindings: string[] = [];
  for (const [name, value] of Object.entries({ ...config.vars, ...o.vars })) {
    if (o.fromEnvironment?.[name]) continue;
    bindings.push(
      typeof value === "string"
        ? `(name = ${capnpString(name)}, text = ${capnpString(value)})`
        : `(name = ${capnpString(name)}, json = ${capnpString(JSON.stringify(value))})`,
    );
  }
  for (const [name, variable] of Object.entries(o.fromEnvironment ?? {})) {
    bindings.push(`(name = ${capnpString(name)}, fromEnvironment = ${capnpString(variable)})`);
  }

  const sqlite = sqliteClasses(config.migrations ?? []);
  const classes = new Set<string>();
  const namespaces: string[] = [];
  const workerName = config.name ?? "worker";
  for (const b of config.durable_objects?.bindings ?? []) {
    if (b.script_name) {
      notes.push(`${b.name}: Durable Object of script ${b.script_name} left out`);
      continue;
    }
    bindings.push(`(name = ${capnpString(b.name)}, durableObjectNamespace = ${capnpString(b.class_name)})`);
    if (classes.has(b.class_name)) continue;
    classes.add(b.class_name);
    // uniqueKey names the objects' directory under do/: it must never change for existing data.
    const uniqueKey = capnpString(`${workerName}-${b.class_name}`);
    namespaces.push(
      `(className = ${capnpString(b.class_name)}, uniqueKey = ${uniqueKey}, enableSql = ${sqlite.has(b.class_name)})`,
    );
  }

  const hasObjects = namespaces.length > 0;
  const allow = o.allowPrivateNetwork === false ? `["public"]` : `["public", "private"]`;
  const date = config.compatibility_date ?? new Date().toISOString().slice(0, 10);
  const address = capnpString(`${o.host ?? "127.0.0.1"}:${o.port}`);
  const disk = hasObjects
    ? `\n    (name = "do-disk", disk = (path = ${capnpString(input.doDir)}, writable = true)),`
    : "";
  const objects = hasObjects
    ? `\n  durableObjectNamespaces = [\n    ${namespaces.join(",\n    ")}\n  ],\n  durableObjectStorage = (localDisk = "do-disk"),`
    : "";
  const text = `# Generated by scripts/lib/workerd.ts from ${input.source}; do not edit.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .mainWorker),
    # Global outbound of the Worker. "private" includes loopback, so a backend on 127.0.0.1 is reachable.
    (name = "internet", network = (allow = ${allow})),${disk}
  ],
  sockets = [(name = "http", address = ${address}, http = (), service = "main")],
);

const mainWorker :Workerd.Worker = (
  modules = [
    ${input.modules.map((m) => moduleEntry(m, input.configDir, input.distDir)).join(",\n    ")}
  ],
  compatibilityDate = ${capnpString(date)},
  compatibilityFlags = [${(config.compatibility_flags ?? []).map(capnpString).join(", ")}],
  bindings = [
    ${bindings.join(",\n    ")}
  ],${objects}
  globalOutbound = "internet",
);
`;
  return { text, notes };
}

/**
 * Bundles the Worker of a wrangler config and writes `<outDir>/workerd.capnp`
 * ({@link renderWorkerdConfig}), creating the Durable Object directory.
 * @example
 * const { configPath } = await generateWorkerdConfig({ outDir: ".data/workerd", port: 8787,
 *   vars: { FORWARD_MODE: "http" }, fromEnvironment: { INTERNAL_SECRET: "BREAKWATER_INTERNAL_SECRET" } });
 * // workerd serve .data/workerd/workerd.capnp
 */
export async function generateWorkerdConfig(o: WorkerdConfigOptions): Promise<WorkerdConfig> {
  const wranglerConfig = resolve(o.wranglerConfig ?? join(REPO_ROOT, "wrangler.toml"));
  const outDir = resolve(o.outDir);
  const distDir = join(outDir, "dist");
  const doDir = resolve(o.durableObjectDir ?? join(outDir, "do"));
  mkdirSync(outDir, { recursive: true });
  // Both take seconds (loading wrangler, bundling): in parallel, then order the modules by `main`.
  const [config, bundled] = await Promise.all([
    readWranglerConfig(wranglerConfig),
    bundleWorker(wranglerConfig, distDir),
  ]);
  const modules = orderModules(bundled, config.main);
  const { text, notes } = renderWorkerdConfig({
    config,
    modules,
    configDir: outDir,
    distDir,
    doDir,
    source: wranglerConfig,
    options: o,
  });
  if ((config.durable_objects?.bindings ?? []).some((b) => !b.script_name)) mkdirSync(doDir, { recursive: true });
  const configPath = join(outDir, "workerd.capnp");
  writeFileSync(configPath, text);
  return { configPath, modules, notes };
}

/** Options for {@link startWorkerd}. */
export interface StartWorkerdOptions {
  name: string;
  configPath: string;
  /** URL polled until it answers 2xx, e.g. `http://127.0.0.1:8787/healthz`. */
  readyUrl: string;
  /** Environment of the workerd process (values of `fromEnvironment` bindings). */
  env?: Record<string, string | undefined>;
  onLine?: (line: string) => void;
  timeoutMs?: number;
  /** Serve the V8 inspector (Chrome DevTools protocol) on 127.0.0.1:`inspectorPort`, for profiling. */
  inspectorPort?: number;
}

/**
 * Starts `workerd serve <config>` and waits until `readyUrl` answers. No `--experimental`: local-disk
 * SQLite Durable Objects work without it in workerd 1.2026x.
 */
export async function startWorkerd(o: StartWorkerdOptions): Promise<ManagedProcess> {
  const proc = spawnManaged({
    name: o.name,
    command: WORKERD_BIN,
    args: ["serve", o.configPath, ...(o.inspectorPort ? [`--inspector-addr=127.0.0.1:${o.inspectorPort}`] : [])],
    cwd: dirname(o.configPath),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...o.env },
    onLine: o.onLine,
  });
  try {
    await waitForHttp(o.readyUrl, proc, o.timeoutMs ?? 30_000);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return proc;
}

/** What the edge needs beyond its wrangler.toml when it runs under workerd serve. */
export interface EdgeWorkerdOptions {
  outDir: string;
  port: number;
  backendUrl: string;
  /** Extra vars, e.g. `{ BREAKWATER_DEBUG_ENDPOINTS: "1", GROUP_COMMIT_MS: "5" }`. */
  vars?: Record<string, string>;
}

/** The environment variable workerd reads `INTERNAL_SECRET` from (the backend's own name for it). */
export const EDGE_SECRET_ENV = "BREAKWATER_INTERNAL_SECRET";

/**
 * Options of {@link generateWorkerdConfig} for the Breakwater edge: `FORWARD_MODE=http`, the backend
 * URL, and the HMAC secret read from {@link EDGE_SECRET_ENV} when workerd starts.
 */
export function edgeWorkerdOptions(o: EdgeWorkerdOptions): WorkerdConfigOptions {
  return {
    outDir: o.outDir,
    port: o.port,
    vars: { BACKEND_URL: o.backendUrl, FORWARD_MODE: "http", ...o.vars },
    fromEnvironment: { INTERNAL_SECRET: EDGE_SECRET_ENV },
  };
}

/** Options for {@link startEdgeUnderWorkerd}. */
export interface StartEdgeOptions extends EdgeWorkerdOptions {
  /** `INTERNAL_SECRET`, handed to workerd through its environment. */
  secret: string;
  onLine?: (line: string) => void;
  /** See {@link StartWorkerdOptions.inspectorPort}. */
  inspectorPort?: number;
}

/** Generates the edge's config under `outDir` and starts it (the stack's `edgeRuntime: "workerd"`). */
export async function startEdgeUnderWorkerd(o: StartEdgeOptions): Promise<ManagedProcess> {
  const { configPath } = await generateWorkerdConfig(edgeWorkerdOptions(o));
  return startWorkerd({
    name: "edge",
    configPath,
    readyUrl: `http://127.0.0.1:${o.port}/healthz`,
    env: { [EDGE_SECRET_ENV]: o.secret },
    onLine: o.onLine,
    inspectorPort: o.inspectorPort,
  });
}
