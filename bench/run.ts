import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freshCredentials } from "../scripts/lib/credentials.ts";
import { freePort, type ManagedProcess, runToCompletion } from "../scripts/lib/process.ts";
import { REPO_ROOT, type Stack, startStack } from "../scripts/lib/stack.ts";
import { runBackendAlone } from "./lib/backend-alone.ts";
import {
  type BackendAloneRow,
  type BenchReport,
  distribution,
  type EdgeScenario,
  median,
  type PipelineResult,
  type QuerySection,
  renderMarkdown,
} from "./lib/bench-report.ts";
import { stackControl } from "./lib/control.ts";
import { jsonParseCeiling } from "./lib/cpu-ceiling.ts";
import { buildCorpus, type Corpus, type LoadTarget, writeCorpusFile } from "./lib/load/corpus.ts";
import { benchPreamble } from "./lib/preamble.ts";
import { runProbe } from "./lib/probe.ts";
import { startReferenceWorkers } from "./lib/references.ts";
import { RssSampler, type Sampled } from "./lib/rss.ts";
import { startIngestSink } from "./lib/sink.ts";
import type { CeilingOptions, CeilingResult } from "./lib/storage-ceiling.ts";
import { runWrk, type WrkResult } from "./lib/wrk.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    seconds: { type: "string" },
    connections: { type: "string", default: "64" },
    "pipeline-connections": { type: "string", default: "512" },
    projects: { type: "string" },
    issues: { type: "string", default: "500" },
    users: { type: "string", default: "10000" },
    envelopes: { type: "string", default: "2000" },
    seed: { type: "string", default: "1" },
    "no-cluster": { type: "boolean", default: false },
    "no-query": { type: "boolean", default: false },
    "edge-only": { type: "boolean", default: false },
    "pipeline-only": { type: "boolean", default: false },
    "backend-alone-only": { type: "boolean", default: false },
    "pipeline-seconds": { type: "string" },
    "backend-alone-batch": { type: "string", default: "200" },
    "backend-alone-concurrency": { type: "string", default: "4" },
    "query-events": { type: "string", default: "1000000,10000000" },
  },
});
const quick = values.quick;
/** Only the edge scenarios and ceilings (for A/B runs of edge changes); no pipelines, no queries. */
const edgeOnly = values["edge-only"];
/** Only the pipelines and their storage ceilings (for A/B runs of backend changes); no edge rounds. */
/** Only the backend-alone runs and their bulk ceilings (for A/B runs of backend changes, no edge load). */
const backendAloneOnly = values["backend-alone-only"] && !edgeOnly;
const pipelineOnly = (values["pipeline-only"] || backendAloneOnly) && !edgeOnly;
const rounds = pipelineOnly ? 0 : Number(values.rounds ?? (quick ? 1 : 3));
const seconds = Number(values.seconds ?? (quick ? 1 : 10));
const pipelineSeconds = Number(values["pipeline-seconds"] ?? (quick ? 2 : seconds));
const warmupSeconds = quick ? 1 : 2;
const edgeConnections = Number(values.connections);
const pipelineConnections = Number(values["pipeline-connections"]);
// --quick: one key, so each scenario makes fewer API calls before it starts.
const projects = Number(values.projects ?? (quick ? 1 : 4));
const seed = Number(values.seed);
const corpusOptions = {
  seed,
  envelopes: Number(values.envelopes),
  issues: Number(values.issues),
  users: Number(values.users),
};
const CLUSTER_VARS = ["KAFKA_BROKERS", "CLICKHOUSE_URL", "DATABASE_URL"] as const;
const clusterEnv = Object.fromEntries(CLUSTER_VARS.map((k) => [k, process.env[k]]));
const clusterWanted = !values["no-cluster"] && !quick && CLUSTER_VARS.every((k) => process.env[k]);
const { log, machine } = benchPreamble();

/** Runs `fn` with the cluster variables removed from the environment the stack's children inherit. */
async function embeddedEnv<T>(fn: () => Promise<T>): Promise<T> {
  for (const k of CLUSTER_VARS) delete process.env[k];
  try {
    return await fn();
  } finally {
    for (const k of CLUSTER_VARS) if (clusterEnv[k]) process.env[k] = clusterEnv[k];
  }
}

// --- Setup.
const work = mkdtempSync(join(tmpdir(), "breakwater-bench-"));
const machineAtStart = machine();
log(`machine: ${JSON.stringify(machineAtStart)}`);
const credentials = freshCredentials({});
const ports = { edge: await freePort(), backend: await freePort(), inspector: await freePort() };
const sink = await startIngestSink(`http://127.0.0.1:${ports.backend}`, await freePort());
const processes: ManagedProcess[] = [];
const stacks: Stack[] = [];
const batchSizes: number[] = [];
/** Records per group commit of the embedded backend (one chDB insert each). */
const commitSizes: number[] = [];
let wrkPid: number | undefined;

log("starting backend + edge (workerd serve) and the reference Workers…");
const [stack, references] = await Promise.all([
  embeddedEnv(() =>
    startStack({
      dataDir: join(work, "stack"),
      credentials,
      dashboard: false,
      ports,
      edgeRuntime: "workerd",
      // The signed /_debug/quota route: QuotaDO calls per accepted event (DESIGN 6).
      edgeVars: { BREAKWATER_DEBUG_ENDPOINTS: "1" },
      edgeBackendUrl: sink.url,
      onLine: (name, line) => {
        if (name === "backend" && line.includes("ingest batch stored")) {
          const events = (JSON.parse(line) as { events?: number }).events;
          if (typeof events === "number") batchSizes.push(events);
        }
        if (name === "backend" && line.includes("ingest commit stored")) {
          const records = (JSON.parse(line) as { records?: number }).records;
          if (typeof records === "number") commitSizes.push(records);
        }
        if (process.env.BENCH_VERBOSE) console.log(`[${name}] ${line}`);
      },
    }),
  ),
  // The reference Workers only serve the edge rounds, which --pipeline-only leaves out.
  pipelineOnly ? { ports: { ok: 0, parse: 0 }, processes: [] } : startReferenceWorkers(work),
]);
stacks.push(stack);
processes.push(...references.processes);
const refPorts = references.ports;
/** The benchmark's client of a stack (API token and internal secret are the same for every stack). */
const controlOf = (s: Stack) =>
  stackControl({
    backendUrl: s.backendUrl,
    edgeUrl: s.edgeUrl,
    apiToken: credentials.apiToken,
    internalSecret: credentials.internalSecret,
  });
const control = controlOf(stack);

async function cleanup() {
  await Promise.all(processes.map((p) => p.stop()));
  await Promise.all(stacks.map((s) => s.stop()));
  await sink.close();
  rmSync(work, { recursive: true, force: true });
}
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

const pidOf = (name: string, s: Stack = stack) => s.processes.find((p) => p.name === name)?.child.pid;
const sampled = (): Sampled[] => {
  const list: Sampled[] = [];
  const add = (name: string, pid: number | undefined, group = true) => {
    if (pid !== undefined) list.push({ name, pid, group });
  };
  add("edge (workerd)", pidOf("edge"));
  add("backend (embedded)", pidOf("backend"));
  add("Hono 200 Worker (workerd)", processes[0]?.child.pid);
  add("parse-only Worker (workerd)", processes[1]?.child.pid);
  const cluster = stacks[1];
  if (cluster) {
    add("edge, cluster stack (workerd)", pidOf("edge", cluster));
    add("backend (cluster)", pidOf("backend", cluster));
    add("consumer (cluster)", pidOf("consumer", cluster));
  }
  add("load generator (wrk)", wrkPid, false);
  add("bench process (sink, probe)", process.pid, false);
  return list;
};
const sampler = new RssSampler(sampled);
await new Promise((r) => setTimeout(r, quick ? 500 : 2_000));
const atRest = sampler.now();
sampler.start();

// --- Corpus per scenario: the same seeded events, sent with fresh keys so the edge fetches the
// project's settings of the moment instead of a config cached for up to 60 s.
const host = `127.0.0.1:${ports.edge}`;
let scenarioCount = 0;
async function prepare(quotasAndPii: boolean, c = control, h = host): Promise<{ file: string; corpus: Corpus }> {
  scenarioCount += 1;
  await c.api("/api/0/projects/default/default/", "PUT", {
    dataScrubber: quotasAndPii,
    dataScrubberDefaults: quotasAndPii,
  });
  await c.spikeProtection(quotasAndPii, 2_000_000_000);
  const targets: LoadTarget[] = [];
  for (let i = 0; i < projects; i++) {
    const key = await c.createKey(
      `bench-${scenarioCount}-${i}`,
      quotasAndPii ? { window: 60, count: 2_000_000_000 } : undefined,
    );
    targets.push({ projectId: 1, publicKey: key.publicKey });
  }
  const corpus = buildCorpus({ ...corpusOptions, targets, host: h });
  const file = join(work, `corpus-${scenarioCount}.bin`);
  writeCorpusFile(corpus, file);
  return { file, corpus };
}

const wrkHeaders = { "content-type": "application/x-sentry-envelope", "content-encoding": "gzip" };
const load = (url: string, corpusFile: string, secs: number, name: string, connections: number) =>
  runWrk({
    url,
    corpusFile,
    headers: wrkHeaders,
    seconds: secs,
    connections,
    workDir: work,
    name,
    onSpawn: (pid) => {
      wrkPid = pid;
    },
  });

// --- Edge scenarios, interleaved.
interface EdgeSpec {
  id: string;
  label: string;
  url: string;
  quotasAndPii: boolean;
}
const edgeSpecs: EdgeSpec[] = [
  {
    id: "ceiling-ok",
    label: "Hono Worker that answers 200 (platform ceiling)",
    url: `http://127.0.0.1:${refPorts.ok}`,
    quotasAndPii: false,
  },
  {
    id: "ceiling-parse",
    label: "Hono Worker that gunzips + parses the envelope (parse ceiling)",
    url: `http://127.0.0.1:${refPorts.parse}`,
    quotasAndPii: false,
  },
  { id: "edge-on", label: "Edge, quotas + PII on", url: stack.edgeUrl, quotasAndPii: true },
  { id: "edge-off", label: "Edge, quotas + PII off", url: stack.edgeUrl, quotasAndPii: false },
];
const edgeRuns = new Map<string, Array<{ wrk: WrkResult; load1: number }>>(edgeSpecs.map((s) => [s.id, []]));
const doCalls = { calls: 0, accepted: 0 };
sink.mode = "ack";
let firstCorpus: Corpus | undefined;
for (let round = 1; round <= rounds; round++) {
  for (const spec of edgeSpecs) {
    log(`round ${round}/${rounds}: ${spec.label}`);
    const { file, corpus } = await prepare(spec.quotasAndPii);
    firstCorpus ??= corpus;
    const url = `${spec.url}/api/1/envelope/`;
    await load(url, file, warmupSeconds, spec.id, edgeConnections);
    const load1 = loadavg()[0] ?? 0;
    // QuotaDO calls of the measured run (the isolate's lease acquires; warm-up excluded).
    const before = spec.id === "edge-on" ? await control.quotaState([]) : undefined;
    const wrk = await load(url, file, seconds, spec.id, edgeConnections);
    if (before) {
      const after = await control.quotaState([]);
      doCalls.calls += after.isolate - before.isolate;
      doCalls.accepted += wrk.status["200"] ?? 0;
    }
    edgeRuns.get(spec.id)?.push({ wrk, load1 });
  }
}
const corpus = firstCorpus ?? (await prepare(true)).corpus;
log("JSON.parse ceiling");
const jsonParsePerSecond = pipelineOnly ? 0 : jsonParseCeiling(corpus.entries, quick ? 0.5 : 3);

const rps = (id: string) => (edgeRuns.get(id) ?? []).map((r) => r.wrk.requestsPerSecond);
const ratios = (id: string, ref: string) => {
  const refs = rps(ref);
  return median(rps(id).map((x, i) => x / (refs[i] ?? median(refs))));
};
const edge: EdgeScenario[] = (pipelineOnly ? [] : edgeSpecs).map((s) => {
  const runs = edgeRuns.get(s.id) ?? [];
  const sorted = [...runs].sort((a, b) => a.wrk.requestsPerSecond - b.wrk.requestsPerSecond);
  const mid = sorted[sorted.length >> 1];
  if (!mid) throw new Error(`no runs for ${s.id}`);
  return {
    id: s.id,
    label: s.label,
    runs,
    median: mid.wrk,
    ofOkCeiling: ratios(s.id, "ceiling-ok"),
    ofParseCeiling: ratios(s.id, "ceiling-parse"),
    ...(s.id === "edge-on" ? { doCalls } : {}),
  };
});
const edgePeaks = new Map(sampler.peaks);

// --- Pipelines.
async function storageCeiling(store: "chdb" | "clickhouse", batch: number): Promise<CeilingResult> {
  const options: CeilingOptions = { store, seconds: quick ? 1 : Math.min(seconds, 8), batch, corpus: corpusOptions };
  const env = store === "chdb" ? { ...process.env, CLICKHOUSE_URL: "" } : process.env;
  const output = await runToCompletion(
    join(REPO_ROOT, "node_modules/.bin/tsx"),
    [join(REPO_ROOT, "bench/lib/storage-ceiling.ts"), JSON.stringify(options)],
    { cwd: REPO_ROOT, env },
  );
  const line = output.split("\n").find((l) => l.startsWith("CEILING_JSON "));
  if (!line) throw new Error(`no result from the storage ceiling:\n${output}`);
  return JSON.parse(line.slice("CEILING_JSON ".length)) as CeilingResult;
}

/** Stored events in a cluster namespace's ClickHouse database. */
async function clickhouseCount(namespaceUrl: string): Promise<number> {
  const url = new URL(namespaceUrl);
  const database = url.pathname.slice(1);
  const headers = {
    "x-clickhouse-user": decodeURIComponent(url.username || "default"),
    "x-clickhouse-key": decodeURIComponent(url.password),
  };
  const res = await fetch(
    `${url.origin}/?database=${database}&query=${encodeURIComponent("SELECT count() FROM events")}`,
    {
      headers,
    },
  );
  return Number((await res.text()).trim());
}

async function pipeline(
  mode: "embedded" | "cluster",
  s: Stack,
  countStored?: () => Promise<number>,
): Promise<PipelineResult> {
  const c = controlOf(s);
  const { file, corpus: pc } = await prepare(true, c, new URL(s.edgeUrl).host);
  const url = `${s.edgeUrl}/api/1/envelope/`;
  log(`${mode} pipeline: warm-up`);
  await load(url, file, warmupSeconds, `${mode}-pipeline`, pipelineConnections);
  // The warm-up's abandoned requests are still in flight: let them land before counting.
  await new Promise((r) => setTimeout(r, quick ? 200 : 1_000));
  const storedBefore = countStored ? await countStored() : 0;
  const batchesBefore = batchSizes.length;
  const commitsBefore = commitSizes.length;
  log(`${mode} pipeline: ${pipelineSeconds} s of load, ${pipelineConnections} connections, probe every 500 ms`);
  const probeOptions = {
    edgeUrl: s.edgeUrl,
    backendUrl: s.backendUrl,
    apiToken: credentials.apiToken,
    entries: pc.entries,
    intervalMs: 500,
    pollMs: 50,
  };
  const probe = runProbe(probeOptions);
  const t0 = performance.now();
  const result = await load(url, file, pipelineSeconds, `${mode}-pipeline`, pipelineConnections);
  const loadEnd = performance.now();
  const storedInLoad = batchSizes.slice(batchesBefore).reduce((a, b) => a + b, 0);
  const accepted = result.status["200"] ?? 0;
  const probed = await probe.stop();
  let stored = storedInLoad;
  let end = loadEnd;
  if (countStored) {
    // Cluster: the 200 came from Kafka; wait until the consumer has stored every accepted event (or
    // the count has not grown for 15 s, or 2 min pass): one flush can outlast a short quiet spell,
    // which undercounted with a 2 s rule. (Probe events count too: a few dozen at most.)
    let last = await countStored();
    let stableSince = performance.now();
    end = performance.now();
    while (
      last - storedBefore < accepted &&
      performance.now() - stableSince < 15_000 &&
      performance.now() - loadEnd < 120_000
    ) {
      await new Promise((r) => setTimeout(r, 200));
      const now = await countStored();
      if (now !== last) {
        last = now;
        stableSince = end = performance.now();
      }
    }
    stored = last - storedBefore;
  }
  // The same probe without load: what batching and store visibility cost on their own (under the
  // saturating closed loop above, queueing at the edge dominates: connections ÷ throughput).
  log(`${mode} pipeline: probe at rest`);
  const idleProbe = runProbe({ ...probeOptions, intervalMs: 200 });
  await new Promise((r) => setTimeout(r, quick ? 1_000 : 4_000));
  const idle = await idleProbe.stop();
  // Embedded: the backend's group commits (one chDB insert each) are the batches into storage.
  const commits = commitSizes.slice(commitsBefore);
  const batches = commits.length ? commits : batchSizes.slice(batchesBefore);
  const meanBatch = batches.length ? batches.reduce((a, b) => a + b, 0) / batches.length : null;
  const store = mode === "embedded" ? "chdb" : "clickhouse";
  log(`${mode} pipeline: storage ceilings (${store})`);
  const ownBatch = Math.max(1, Math.round(meanBatch ?? 100));
  const ceilings = [];
  // --quick measures only the bulk ceiling (each one is a child process with its own chDB start).
  for (const batch of quick ? [1_000] : [ownBatch, 1_000]) {
    const ceiling = await storageCeiling(store, batch);
    ceilings.push({ store, batch, rowsPerSecond: ceiling.rowsPerSecond } as const);
  }
  return {
    mode,
    connections: pipelineConnections,
    seconds: pipelineSeconds,
    accepted,
    nonOk: result.requests - accepted,
    stored,
    eventsPerSecond: stored / ((end - t0) / 1000),
    drainSeconds: (end - loadEnd) / 1000,
    meanEventsPerBatch: meanBatch,
    queryable: { ...distribution(probed.latenciesMs), sent: probed.sent, refused: probed.refused, lost: probed.lost },
    queryableAtRest: { ...distribution(idle.latenciesMs), sent: idle.sent, refused: idle.refused, lost: idle.lost },
    ceilings,
  };
}

const pipelines: PipelineResult[] = [];
const pipelineSkipped: string[] = [];
const backendAlone: BackendAloneRow[] = [];

/**
 * The backend (+ consumer) fed pre-built signed batches by a separate process, no edge (see
 * lib/backend-alone.ts), right after the full pipeline of the same stack, so the backend is warm and
 * the storage ceilings just measured are the reference. A failure is reported, not fatal.
 */
async function backendAloneRun(
  mode: "embedded" | "cluster",
  s: Stack,
  full: PipelineResult | undefined,
  countStored?: () => Promise<number>,
) {
  try {
    const c = controlOf(s);
    const key = await c.createKey(`bench-backend-alone-${mode}`);
    const batch = Number(values["backend-alone-batch"]);
    const concurrency = Number(values["backend-alone-concurrency"]);
    log(`${mode} backend alone: ${pipelineSeconds} s, ${batch} records per POST, ${concurrency} in flight`);
    const result = await runBackendAlone({
      repoRoot: REPO_ROOT,
      mode,
      countStored,
      commitSizes: mode === "embedded" ? commitSizes : undefined,
      cpuGroups: ["backend", "consumer"].flatMap((name) => pidOf(name, s) ?? []),
      sender: {
        backendUrl: s.backendUrl,
        secret: credentials.internalSecret,
        projectId: 1,
        keyId: key.id,
        corpus: corpusOptions,
        batch,
        concurrency,
        seconds: pipelineSeconds,
        // Bodies are built before the clock: enough for 10,000 events/s, at least 15,000.
        maxEvents: Math.max(15_000, pipelineSeconds * 10_000),
      },
    });
    const store = mode === "embedded" ? "chdb" : "clickhouse";
    const bulk =
      full?.ceilings.find((c) => c.batch === 1_000) ??
      ({ store, batch: 1_000, rowsPerSecond: (await storageCeiling(store, 1_000)).rowsPerSecond } as const);
    backendAlone.push({ ...result, bulk });
    log(
      `${mode} backend alone: ${Math.round(result.eventsPerSecond)} events/s = ${Math.round((100 * result.eventsPerSecond) / bulk.rowsPerSecond)}% of raw bulk ${Math.round(bulk.rowsPerSecond)} rows/s (load ${result.load1.toFixed(1)}; backend CPU ${result.cpuMsPerEvent?.toFixed(3) ?? "–"} ms/event; bodies built in ${result.buildSeconds.toFixed(1)} s)`,
    );
  } catch (e) {
    pipelineSkipped.push(`Backend alone (${mode}): failed (${e instanceof Error ? e.message : String(e)}).`);
  }
}

sink.mode = "proxy";
sampler.peaks.clear();
if (!edgeOnly) {
  const full = backendAloneOnly ? undefined : await pipeline("embedded", stack);
  if (full) pipelines.push(full);
  await backendAloneRun("embedded", stack, full);
} else pipelineSkipped.push("Pipelines: skipped (--edge-only).");
const embeddedPeaks = new Map(sampler.peaks);

let clusterPeaks = new Map<string, number>();
let clusterRest: Record<string, number> = {};
if (clusterWanted && !edgeOnly) {
  // A failure here must not lose the figures measured so far: it is reported instead.
  try {
    log("starting the cluster-mode stack (Kafka, ClickHouse, Postgres; throwaway namespace)…");
    const cports = { edge: await freePort(), backend: await freePort(), inspector: await freePort() };
    const cluster = await startStack({
      dataDir: join(work, "cluster"),
      credentials,
      dashboard: false,
      ports: cports,
      edgeRuntime: "workerd",
      isolate: true,
      consumer: true,
      onLine: (name, line) => {
        if (process.env.BENCH_VERBOSE) console.log(`[cluster ${name}] ${line}`);
      },
    });
    stacks.push(cluster);
    await new Promise((r) => setTimeout(r, 2_000));
    clusterRest = sampler.now();
    sampler.peaks.clear();
    const chUrl = cluster.namespaceEnv.CLICKHOUSE_URL;
    if (!chUrl) throw new Error("cluster stack has no ClickHouse namespace");
    const full = backendAloneOnly ? undefined : await pipeline("cluster", cluster, () => clickhouseCount(chUrl));
    if (full) pipelines.push(full);
    await backendAloneRun("cluster", cluster, full, () => clickhouseCount(chUrl));
    clusterPeaks = new Map(sampler.peaks);
  } catch (e) {
    pipelineSkipped.push(`Cluster mode: failed (${e instanceof Error ? e.message : String(e)}).`);
  }
} else if (!edgeOnly) {
  pipelineSkipped.push(
    quick
      ? "Cluster mode: not run with --quick."
      : values["no-cluster"]
        ? "Cluster mode: skipped (--no-cluster)."
        : "Cluster mode: skipped (set KAFKA_BROKERS, CLICKHOUSE_URL and DATABASE_URL to run it).",
  );
}
sampler.stop();

// --- Query latency (issue 6's bench/query-latency.ts; wired here, measured when it exists).
// ↓↓↓ QUERY LATENCY (issue 6) ↓↓↓
// bench/query-latency.ts seeds chDB in this process by bulk INSERT … SELECT (1 M events take ~3 min
// on this shared box, 10 M ~30), so it runs last, after every other process has stopped, and
// --quick leaves it out (see `npx tsx bench/query-latency.ts --quick` for its own smoke check).
async function queryLatency(): Promise<QuerySection> {
  if (values["no-query"] || edgeOnly || backendAloneOnly)
    return { status: "skipped", detail: "--no-query, --edge-only or --backend-alone-only", results: [] };
  if (quick) return { status: "skipped", detail: "--quick (seeding takes minutes)", results: [] };
  const path = join(REPO_ROOT, "bench", "query-latency.ts");
  if (!existsSync(path))
    return { status: "missing", detail: "bench/query-latency.ts (issue 6) is not on this branch yet", results: [] };
  try {
    const mod = (await import(path)) as {
      runQueryLatency?: (o: { events: number; quick?: boolean }) => Promise<unknown>;
    };
    if (typeof mod.runQueryLatency !== "function")
      return { status: "failed", detail: "no runQueryLatency export", results: [] };
    const results: QuerySection["results"] = [];
    for (const events of values["query-events"]
      .split(",")
      .map(Number)
      .filter((n) => n > 0)) {
      log(`query latency at ${events.toLocaleString("en-US")} events (seeding chDB first)`);
      results.push({ events, result: await mod.runQueryLatency({ events, quick }) });
    }
    return { status: "measured", results };
  } catch (e) {
    return { status: "failed", detail: e instanceof Error ? e.message : String(e), results: [] };
  }
}
// ↑↑↑ QUERY LATENCY (issue 6) ↑↑↑
// Everything else stops first: the query benchmark should have the machine to itself.
await Promise.all(processes.map((p) => p.stop()));
await Promise.all(stacks.map((st) => st.stop()));
const query = await queryLatency();

// --- Report.
const maxOf =
  (...maps: Map<string, number>[]) =>
  (name: string) => {
    const v = maps.map((m) => m.get(name)).filter((x): x is number => x !== undefined);
    return v.length ? Math.max(...v) : null;
  };
const peakOf = maxOf(edgePeaks, embeddedPeaks, clusterPeaks);
const names = new Set([
  ...Object.keys(atRest),
  ...Object.keys(clusterRest),
  ...edgePeaks.keys(),
  ...clusterPeaks.keys(),
]);
const memory = [...names].map((name) => ({
  process: name,
  restMiB: atRest[name] ?? clusterRest[name] ?? null,
  peakMiB: peakOf(name),
}));
const report: BenchReport = {
  benchmark: "bench",
  date: new Date().toISOString(),
  quick,
  seed,
  machine: machineAtStart,
  settings: { rounds, seconds, warmupSeconds, edgeConnections, pipelineConnections, projects },
  corpus: corpus.stats,
  edge,
  jsonParsePerSecond,
  pipelines,
  backendAlone,
  pipelineSkipped,
  memory,
  query,
};
const name = edgeOnly
  ? "bench-edge-only"
  : backendAloneOnly
    ? "bench-backend-alone"
    : pipelineOnly
      ? "bench-pipeline-only"
      : quick
        ? "bench-quick"
        : "bench";
// A/B runs of --edge-only / --pipeline-only / --backend-alone-only are scratch: `*.tmp` is git-ignored.
const tmp = edgeOnly || pipelineOnly ? ".tmp" : "";
const markdown = renderMarkdown(report);
writeFileSync(join(REPO_ROOT, "bench", "results", `${name}.json${tmp}`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(REPO_ROOT, "bench", "results", `${name}.md${tmp}`), markdown);
console.log(`\n${markdown}`);
log(`wrote bench/results/${name}.{json,md}`);
await cleanup();
process.exit(0);
