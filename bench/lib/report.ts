/**
 * @module
 * The edge-quota benchmark's report: the JSON written to bench/results/, per-scenario medians over
 * rounds, and the markdown page.
 */
import type { WrkResult } from "./wrk.ts";

/** One measured wrk run of a scenario. */
export interface ScenarioRun {
  wrk: WrkResult;
  /** 1-minute load average when the run started (the box is shared). */
  load1: number;
  /** QuotaDO acquire calls the edge made during the run. */
  doCalls?: number;
  /** Ingest batches the edge posted during the run. */
  ingestBatches?: number;
}

/** A scenario: what was measured, every run, and the run with the median req/s. */
export interface ScenarioResult {
  id: string;
  label: string;
  target: "reference" | "edge";
  /** What answered the edge's ingest batches. */
  backend: "none" | "quick sink" | "real backend";
  quotas: "none" | "off" | "on" | "limited";
  runs: ScenarioRun[];
  median: ScenarioRun;
  /** Median over rounds of req/s ÷ the parse-only Worker's req/s in the same round. */
  ofParseCeiling: number;
}

export interface BenchReport {
  benchmark: string;
  date: string;
  quick: boolean;
  machine: { cores: number; cpuModel: string; loadAverage1m: number; node: string; workerd: string; wrk: string };
  settings: {
    rounds: number;
    seconds: number;
    warmupSeconds: number;
    connections: number;
    threads: number;
    envelopeBytes: number;
  };
  scenarios: ScenarioResult[];
  quota: {
    limit: number;
    seconds: number;
    withinOneWindow: boolean;
    offered: number;
    accepted: number;
    rejected429: number;
    other: number;
    /** Whether anything was refused (the offered load passed N). */
    limitReached: boolean;
    /** (accepted − N) / N in %, when the limit was reached. */
    overshootPercent: number | null;
    doCalls: number;
    /** The key's counter in its QuotaDO after the run (committed counts leases not yet reported). */
    keyCounter: { key: string; limit: number; committed: number; windowEnd: number } | null;
    /** Leases of the key's QuotaDO not yet settled by a report. */
    keyLeasesOpen: number;
    doCallsPer1000Accepted: number;
    doCallsPer1000Requests: number;
  };
  /** From the backend's "ingest batch stored" log lines (real-backend runs only). */
  backendBatches: { batches: number; events: number; meanEventsPerBatch: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? Number.NaN;
}

/** Builds a scenario's summary from its runs; `all` holds every scenario's runs, by id, in round order. */
export function summarize(
  spec: Omit<ScenarioResult, "runs" | "median" | "ofParseCeiling">,
  runs: ScenarioRun[],
  all: Map<string, ScenarioRun[]>,
): ScenarioResult {
  const byRps = [...runs].sort((a, b) => a.wrk.requestsPerSecond - b.wrk.requestsPerSecond);
  const mid = byRps[byRps.length >> 1];
  if (!mid) throw new Error(`no runs for ${spec.id}`);
  const parse = all.get("ceiling-parse") ?? [];
  // Same round when there is one; else (the limited run) the parse ceiling's median.
  const ratios = runs.map(
    (r, i) =>
      r.wrk.requestsPerSecond / (parse[i]?.wrk.requestsPerSecond ?? median(parse.map((p) => p.wrk.requestsPerSecond))),
  );
  return { ...spec, runs, median: mid, ofParseCeiling: median(ratios) };
}

const n = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";

const NOTES = [
  "Closed loop: wrk (1 thread) keeps a fixed number of connections busy, so req/s is saturation throughput and latency includes the queueing at that load. wrk, workerd, the sink and the backend share the machine's cores.",
  '"quick ingest sink": a pass-through in the benchmark process that answers `POST /internal/ingest` 200 as soon as the body has arrived, without decompressing it (the pure-edge figure); project configs and outcomes still go to the real backend. "real backend": the edge\'s 200 waits for chDB + PGlite to store the batch.',
  "Quotas on: the key's `rateLimit` (2e9/min) and spike protection (floor 2e9/h), two QuotaDO counters per event that never bind. Quotas off: no key limit, spike protection off, no QuotaDO involved.",
  "DO calls: the isolate's lease-cache `acquire` RPCs, read from the edge's signed `/_debug/quota` before and after each measured run (warm-up excluded: leases are taken there). Not the QuotaDOs' own `acquireCalls`: that counter lives in memory and restarts when an idle object is evicted (after ~10 s without calls, e.g. once a key is exhausted and the isolate answers 429 by itself).",
];

/** The markdown page: machine, throughput table, quota table, notes. */
export function renderMarkdown(r: BenchReport): string {
  const rows = r.scenarios.map((s) => {
    const m = s.median;
    const ok = m.wrk.status["200"] ?? 0;
    const non200 = m.wrk.requests - ok;
    const perK = m.doCalls === undefined ? "–" : n((m.doCalls / Math.max(1, ok)) * 1000, 2);
    const perBatch = m.ingestBatches ? n(ok / m.ingestBatches, 0) : "–";
    const range =
      s.runs.length > 1
        ? `${n(Math.min(...s.runs.map((x) => x.wrk.requestsPerSecond)))}–${n(Math.max(...s.runs.map((x) => x.wrk.requestsPerSecond)))}`
        : "–";
    return `| ${s.label} | ${n(m.wrk.requestsPerSecond)} | ${range} | ${n(m.wrk.latencyMs.p50, 1)} | ${n(m.wrk.latencyMs.p99, 1)} | ${n(non200)} | ${perK} | ${perBatch} | ${n(s.ofParseCeiling * 100)}% |`;
  });
  const q = r.quota;
  const overshoot = q.overshootPercent === null ? "limit not reached" : `${n(q.overshootPercent, 2)}%`;
  const counter = q.keyCounter ? `${n(q.keyCounter.committed)} of ${n(q.keyCounter.limit)}` : "–";
  return `# Edge quota benchmark${r.quick ? " (quick)" : ""}

${r.date} · ${r.machine.cores} cores, ${r.machine.cpuModel} · load average (1 min) at start ${n(r.machine.loadAverage1m, 1)} ·
node ${r.machine.node} · workerd ${r.machine.workerd} · ${r.machine.wrk}

wrk: 1 thread, ${r.settings.connections} connections, ${r.settings.seconds} s per run after ${r.settings.warmupSeconds} s of warm-up,
${r.settings.rounds} interleaved round(s), medians shown; one ${n(r.settings.envelopeBytes)}-byte envelope (event with a 20-frame
exception) per request.

| scenario | req/s | range | p50 ms | p99 ms | non-200 | DO calls / 1k accepted | events / ingest batch | of parse ceiling |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
${rows.join("\n")}

## One key limited to ${n(q.limit)} events per minute

Driven for ${q.seconds} s inside one quota window (${q.withinOneWindow ? "it did not cross a window boundary" : "**it crossed a window boundary**"}), against the quick ingest sink.

| limit N | offered | accepted (200) | overshoot | 429 | other | DO calls | per 1k accepted | per 1k requests |
|--:|--:|--:|--:|--:|--:|--:|--:|--:|
| ${n(q.limit)} | ${n(q.offered)} | ${n(q.accepted)} | ${overshoot} | ${n(q.rejected429)} | ${n(q.other)} | ${n(q.doCalls)} | ${n(q.doCallsPer1000Accepted, 1)} | ${n(q.doCallsPer1000Requests, 1)} |

The key's QuotaDO counter after the run: committed ${counter}, ${n(q.keyLeasesOpen)} lease(s) open.

Backend (real-backend runs): ${n(r.backendBatches.batches)} ingest batches stored, ${n(r.backendBatches.events)} events, ${n(r.backendBatches.meanEventsPerBatch, 1)} per batch.

${NOTES.map((x) => `- ${x}`).join("\n")}
`;
}
