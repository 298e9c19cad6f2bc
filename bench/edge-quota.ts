/**
 * Edge quota benchmark (issue 3, item 7; DESIGN 5 and 6). Not a test: it measures and reports.
 *
 * Starts backend + edge under `workerd serve` (the stack with `edgeRuntime: "workerd"`), configures
 * keys through the backend's REST API and drives the edge with wrk, a separate C process:
 *   - ceilings measured in the same run: a Worker that only answers 200, and a Hono Worker that
 *     parses the envelope (bench/workers/), both under workerd serve;
 *   - the edge's full path with quotas off (no key limit, spike protection off) and on (a key limit
 *     and spike protection, both too high to bind), each with ingest batches answered by a quick
 *     sink (the pure-edge figure) and by the real backend (chDB + PGlite, end to end);
 *   - one key limited to N events per minute, hammered inside one window: accepted vs N
 *     (overshoot), 429s, and QuotaDO calls per 1,000 events from the edge's signed `/_debug/quota`.
 * Throughput scenarios run in interleaved rounds (the box is shared; medians are reported). Writes
 * bench/results/edge-quota[-quick].{json,md} and prints the table. See bench/README.md.
 *
 *   npm run bench:quota -- [--quick] [--rounds 3] [--seconds 15] [--connections 64] [--limit N]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freshCredentials } from "../scripts/lib/credentials.ts";
import { freePort, type ManagedProcess } from "../scripts/lib/process.ts";
import { REPO_ROOT, startStack } from "../scripts/lib/stack.ts";
import { type BenchKey, stackControl } from "./lib/control.ts";
import { benchEnvelope, warmupEnvelope } from "./lib/envelope.ts";
import { benchPreamble } from "./lib/preamble.ts";
import { startReferenceWorkers } from "./lib/references.ts";
import { type BenchReport, renderMarkdown, type ScenarioResult, type ScenarioRun, summarize } from "./lib/report.ts";
import { type SinkMode, startIngestSink } from "./lib/sink.ts";
import { runWrk } from "./lib/wrk.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    seconds: { type: "string" },
    connections: { type: "string", default: "64" },
    limit: { type: "string" },
  },
});
const quick = values.quick;
const rounds = Number(values.rounds ?? (quick ? 1 : 3));
const seconds = Number(values.seconds ?? (quick ? 3 : 15));
const warmupSeconds = quick ? 1 : 3;
const limitedSeconds = quick ? 5 : 20;
const connections = Number(values.connections);
const { log, machine } = benchPreamble();

// --- Setup: payload, ingest sink, stack (backend + edge under workerd serve), reference Workers.
const work = mkdtempSync(join(tmpdir(), "breakwater-bench-"));
const bodyFile = join(work, "envelope.txt");
writeFileSync(bodyFile, benchEnvelope());
const credentials = freshCredentials({});
const ports = { edge: await freePort(), backend: await freePort(), inspector: await freePort() };
const sink = await startIngestSink(`http://127.0.0.1:${ports.backend}`, await freePort());
const backendBatchLines: string[] = [];
const processes: ManagedProcess[] = [];

const machineAtStart = machine();
log(`machine: ${JSON.stringify(machineAtStart)}`);
log("starting backend + edge (workerd serve), building the reference Workers…");
const [stack, references] = await Promise.all([
  startStack({
    dataDir: join(work, "stack"),
    credentials,
    dashboard: false,
    ports,
    edgeRuntime: "workerd",
    edgeVars: { BREAKWATER_DEBUG_ENDPOINTS: "1" },
    edgeBackendUrl: sink.url,
    onLine: (name, line) => {
      if (name === "backend" && line.includes("ingest batch stored")) backendBatchLines.push(line);
      if (process.env.BENCH_VERBOSE) console.log(`[${name}] ${line}`);
    },
  }),
  startReferenceWorkers(work),
]);
processes.push(...references.processes);
const refPorts = references.ports;
const control = stackControl({
  backendUrl: stack.backendUrl,
  edgeUrl: stack.edgeUrl,
  apiToken: credentials.apiToken,
  internalSecret: credentials.internalSecret,
});

async function cleanup() {
  await Promise.all(processes.map((p) => p.stop()));
  await stack.stop();
  await sink.close();
  rmSync(work, { recursive: true, force: true });
}
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

const envelopeUrl = (port: number) => `http://127.0.0.1:${port}/api/1/envelope/`;
const plainHeaders = { "content-type": "application/x-sentry-envelope" };
const authHeaders = (key: BenchKey) => ({
  ...plainHeaders,
  "x-sentry-auth": `Sentry sentry_key=${key.publicKey}, sentry_version=7, sentry_client=sentry.javascript.node/11.12.0`,
});
const load = (url: string, headers: Record<string, string>, secs: number, name: string) =>
  runWrk({ url, bodyFile, headers, seconds: secs, connections, workDir: work, name });

// --- Scenarios. Each edge run gets a fresh key, so the edge fetches its config (and the project's
// spike setting of the moment) anew instead of serving one cached up to 60 s earlier.
interface Spec {
  id: string;
  label: string;
  target: ScenarioResult["target"];
  backend: ScenarioResult["backend"];
  quotas: ScenarioResult["quotas"];
  run(): Promise<ScenarioRun>;
}

async function reference(port: number, name: string): Promise<ScenarioRun> {
  await load(envelopeUrl(port), plainHeaders, warmupSeconds, name);
  const load1 = loadavg()[0] ?? 0;
  return { wrk: await load(envelopeUrl(port), plainHeaders, seconds, name), load1 };
}

async function edge(name: string, quotas: "on" | "off", mode: SinkMode): Promise<ScenarioRun> {
  if (quotas === "on") await control.spikeProtection(true, 2_000_000_000);
  else await control.spikeProtection(false);
  const key = await control.createKey(name, quotas === "on" ? { window: 60, count: 2_000_000_000 } : undefined);
  sink.mode = mode;
  await load(envelopeUrl(ports.edge), authHeaders(key), warmupSeconds, name);
  const before = await control.quotaState([]);
  const batches = sink.stats.ingestBatches;
  const load1 = loadavg()[0] ?? 0;
  const result = await load(envelopeUrl(ports.edge), authHeaders(key), seconds, name);
  const after = await control.quotaState([]);
  return {
    wrk: result,
    load1,
    doCalls: after.isolate - before.isolate,
    ingestBatches: sink.stats.ingestBatches - batches,
  };
}

const specs: Spec[] = [
  {
    id: "ceiling-ok",
    label: "Worker that only returns 200",
    target: "reference",
    backend: "none",
    quotas: "none",
    run: () => reference(refPorts.ok, "ceiling-ok"),
  },
  {
    id: "ceiling-parse",
    label: "Hono Worker that parses the envelope",
    target: "reference",
    backend: "none",
    quotas: "none",
    run: () => reference(refPorts.parse, "ceiling-parse"),
  },
  ...(["sink", "backend"] as const).flatMap((where) =>
    (["off", "on"] as const).map(
      (quotas): Spec => ({
        id: `edge-${quotas}-${where}`,
        label: `Edge, quotas ${quotas === "on" ? "on (high limit)" : "off"}, ${where === "sink" ? "quick ingest sink" : "real backend"}`,
        target: "edge",
        backend: where === "sink" ? "quick sink" : "real backend",
        quotas,
        run: () => edge(`edge-${quotas}-${where}`, quotas, where === "sink" ? "ack" : "proxy"),
      }),
    ),
  ),
];

const runs = new Map<string, ScenarioRun[]>(specs.map((s) => [s.id, []]));
for (let round = 1; round <= rounds; round++) {
  for (const spec of specs) {
    log(`round ${round}/${rounds}: ${spec.label}`);
    runs.get(spec.id)?.push(await spec.run());
  }
}

// --- One key limited to N per minute, inside one window of organization 1 (windows start at unix
// seconds ≡ 1 mod 60, DESIGN 5), against the quick sink so the edge, not chDB, sets the pace. N
// defaults to 20% of what the quotas-on edge served in as many seconds, so the limit is reached
// early enough to also measure the refusals after it (the last leases are small and slow).
const onRuns = runs.get("edge-on-sink") ?? [];
const onRps = onRuns.map((r) => r.wrk.requestsPerSecond).sort((a, b) => a - b)[onRuns.length >> 1] ?? 1_000;
const limit =
  values.limit === undefined
    ? Math.max(200, Math.round((onRps * limitedSeconds * 0.2) / 100) * 100)
    : Number(values.limit);
await control.spikeProtection(true, 2_000_000_000);
const limitedKey = await control.createKey("edge-limited", { window: 60, count: limit });
sink.mode = "ack";
// A client report authenticates (caching the key's config) without spending quota.
const warm = await fetch(envelopeUrl(ports.edge), {
  method: "POST",
  headers: authHeaders(limitedKey),
  body: warmupEnvelope(),
});
if (!warm.ok) throw new Error(`warm-up request: ${warm.status}`);
const windowOf = (t: number) => Math.floor((t - 1) / 60);
const nowS = () => Date.now() / 1000;
const left = 60 - ((nowS() - 1) % 60);
if (left < limitedSeconds + 3) {
  log(`waiting ${left.toFixed(1)} s for the next quota window`);
  await new Promise((r) => setTimeout(r, (left + 0.5) * 1000));
}
log(`key limited to ${limit}/min: ${limitedSeconds} s of load`);
const scopes = [`key:${limitedKey.id}`];
const before = await control.quotaState(scopes);
const batchesBefore = sink.stats.ingestBatches;
const windowAtStart = windowOf(nowS());
const load1 = loadavg()[0] ?? 0;
const limited = await load(envelopeUrl(ports.edge), authHeaders(limitedKey), limitedSeconds, "limited");
const withinOneWindow = windowOf(nowS()) === windowAtStart;
const after = await control.quotaState(scopes);
const accepted = limited.status["200"] ?? 0;
const rejected = limited.status["429"] ?? 0;
const doCalls = after.isolate - before.isolate;
const keyDo = after.scopes[`key:${limitedKey.id}`];
const limitedRun: ScenarioRun = {
  wrk: limited,
  load1,
  doCalls,
  ingestBatches: sink.stats.ingestBatches - batchesBefore,
};

// --- Report.
const scenarios = specs.map(({ run: _run, ...spec }) => summarize(spec, runs.get(spec.id) ?? [], runs));
scenarios.push(
  summarize(
    {
      id: "edge-limited",
      label: `Edge, key limited to ${limit}/min, quick ingest sink`,
      target: "edge",
      backend: "quick sink",
      quotas: "limited",
    },
    [limitedRun],
    runs,
  ),
);
const batchSizes = backendBatchLines
  .map((l) => {
    try {
      return (JSON.parse(l) as { events?: number }).events;
    } catch {
      return undefined;
    }
  })
  .filter((x): x is number => typeof x === "number");
const storedEvents = batchSizes.reduce((a, b) => a + b, 0);
const report: BenchReport = {
  benchmark: "edge-quota",
  date: new Date().toISOString(),
  quick,
  machine: machineAtStart,
  settings: {
    rounds,
    seconds,
    warmupSeconds,
    connections,
    threads: 1,
    envelopeBytes: readFileSync(bodyFile).byteLength,
  },
  scenarios,
  quota: {
    limit,
    seconds: limitedSeconds,
    withinOneWindow,
    offered: limited.requests,
    accepted,
    rejected429: rejected,
    other: limited.requests - accepted - rejected,
    limitReached: rejected > 0,
    // Only meaningful once something was refused; below the limit, accepted < N says nothing.
    overshootPercent: rejected > 0 ? ((accepted - limit) / limit) * 100 : null,
    doCalls,
    keyCounter: keyDo?.counters.find((c) => c.limit === limit) ?? null,
    keyLeasesOpen: keyDo?.leases ?? 0,
    doCallsPer1000Accepted: (doCalls / Math.max(1, accepted)) * 1000,
    doCallsPer1000Requests: (doCalls / Math.max(1, limited.requests)) * 1000,
  },
  backendBatches: {
    batches: batchSizes.length,
    events: storedEvents,
    meanEventsPerBatch: batchSizes.length ? storedEvents / batchSizes.length : 0,
  },
};

const name = quick ? "edge-quota-quick" : "edge-quota";
const markdown = renderMarkdown(report);
writeFileSync(join(REPO_ROOT, "bench", "results", `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(REPO_ROOT, "bench", "results", `${name}.md`), markdown);
console.log(`\n${markdown}`);
log(`wrote bench/results/${name}.{json,md}`);
await cleanup();
process.exit(0);
