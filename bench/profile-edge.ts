/**
 * Profiles the edge under `workerd serve` (issue 8, item 5): starts backend + edge with workerd's V8
 * inspector on, the ingest sink in `ack` mode (the edge alone), drives it with the benchmark corpus
 * through wrk, and records a CPU profile over the Chrome DevTools protocol. Writes
 * `bench/results/edge.cpuprofile` (open it in Chrome DevTools → Performance, or speedscope) and prints
 * the functions with the most self time, and the edge's own modules by inclusive time.
 *
 *   npm run bench:profile-edge -- [--seconds 10] [--connections 64] [--pii off]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freshCredentials } from "../scripts/lib/credentials.ts";
import { freePort } from "../scripts/lib/process.ts";
import { REPO_ROOT, startStack } from "../scripts/lib/stack.ts";
import { stackControl } from "./lib/control.ts";
import { buildCorpus, type LoadTarget, writeCorpusFile } from "./lib/load/corpus.ts";
import { startIngestSink } from "./lib/sink.ts";
import { runWrk } from "./lib/wrk.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "64" },
    pii: { type: "string", default: "on" },
  },
});
const pii = values.pii !== "off";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A minimal CDP session over the inspector's WebSocket. */
async function cdp(port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const target = targets[0];
  if (!target) throw new Error("no inspector target");
  const ws = new WebSocket(target.webSocketDebuggerUrl.replace("localhost", "127.0.0.1"));
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 1;
  const pending = new Map<number, (v: unknown) => void>();
  ws.onmessage = (m) => {
    const msg = JSON.parse(String(m.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  };
  return {
    send: (method: string, params: Record<string, unknown> = {}) =>
      new Promise<unknown>((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Self and inclusive time per function (name + file + line), in % of samples. */
function summarize(profile: Profile): { self: [string, number][]; inclusive: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const file = n.callFrame.url.split("/").slice(-2).join("/");
    return `${n.callFrame.functionName || "(anonymous)"} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node) continue;
    self.set(label(node), (self.get(label(node)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      const l = label(n);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + 1);
    }
  }
  const total = profile.samples.length;
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([l, c]) => [l, (c / total) * 100] as [string, number]);
  return { self: top(self, 30), inclusive: top(inclusive, 60) };
}

const work = mkdtempSync(join(tmpdir(), "breakwater-profile-"));
const credentials = freshCredentials({});
const ports = { edge: await freePort(), backend: await freePort(), inspector: await freePort() };
const sink = await startIngestSink(`http://127.0.0.1:${ports.backend}`, await freePort());
const stack = await startStack({
  dataDir: join(work, "stack"),
  credentials,
  dashboard: false,
  ports,
  edgeRuntime: "workerd",
  edgeInspector: true,
  edgeBackendUrl: sink.url,
  onLine: (name, line) => {
    if (process.env.BENCH_VERBOSE) console.log(`[${name}] ${line}`);
  },
});
try {
  const control = stackControl({
    backendUrl: stack.backendUrl,
    edgeUrl: stack.edgeUrl,
    apiToken: credentials.apiToken,
    internalSecret: credentials.internalSecret,
  });
  await control.api("/api/0/projects/default/default/", "PUT", { dataScrubber: pii, dataScrubberDefaults: pii });
  await control.spikeProtection(pii, 2_000_000_000);
  const targets: LoadTarget[] = [];
  for (let i = 0; i < 4; i++) {
    const key = await control.createKey(`profile-${i}`, pii ? { window: 60, count: 2_000_000_000 } : undefined);
    targets.push({ projectId: 1, publicKey: key.publicKey });
  }
  const corpusFile = join(work, "corpus.bin");
  writeCorpusFile(buildCorpus({ targets, host: `127.0.0.1:${ports.edge}` }), corpusFile);
  sink.mode = "ack";
  const wrk = (seconds: number) =>
    runWrk({
      url: `${stack.edgeUrl}/api/1/envelope/`,
      corpusFile,
      headers: { "content-type": "application/x-sentry-envelope", "content-encoding": "gzip" },
      seconds,
      connections: Number(values.connections),
      workDir: work,
      name: "profile",
    });
  await wrk(2);
  const session = await cdp(ports.inspector);
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: 200 });
  const batchesBefore = sink.stats.ingestBatches;
  await session.send("Profiler.start");
  const result = await wrk(Number(values.seconds));
  const batches = sink.stats.ingestBatches - batchesBefore;
  const { profile } = (await session.send("Profiler.stop")) as { profile: Profile };
  session.close();
  writeFileSync(join(REPO_ROOT, "bench", "results", "edge.cpuprofile"), JSON.stringify(profile));
  console.log(`${result.requestsPerSecond.toFixed(0)} req/s while profiling (${JSON.stringify(result.status)})`);
  // The forwarder's per-batch costs (gzip set-up, signature, fetch) are shared by this many requests.
  const answered = Object.values(result.status).reduce((a, n) => a + n, 0);
  console.log(`${batches} ingest batches, ${(answered / Math.max(1, batches)).toFixed(1)} requests per batch`);
  const { self, inclusive } = summarize(profile);
  console.log("\nself time:");
  for (const [l, p] of self) console.log(`${p.toFixed(1).padStart(5)}%  ${l}`);
  console.log("\ninclusive time:");
  for (const [l, p] of inclusive) console.log(`${p.toFixed(1).padStart(5)}%  ${l}`);
} finally {
  await stack.stop();
  await sink.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
