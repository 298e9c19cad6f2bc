/**
 * @module
 * `npm run bench`'s report: the JSON written to bench/results/bench[-quick].json and its markdown
 * page. Every subject is shown beside the reference it is compared with, measured in the same run.
 */
import type { BackendAloneResult } from "./backend-alone.ts";
import type { Corpus } from "./load/corpus.ts";
import type { Machine } from "./machine.ts";
import type { WrkResult } from "./wrk.ts";

/** One edge-side scenario, over rounds. */
export interface EdgeScenario {
  id: string;
  label: string;
  runs: Array<{ wrk: WrkResult; load1: number }>;
  /** The run with the median envelopes/s. */
  median: WrkResult;
  /** Medians over rounds of the same round's ratio to each ceiling. */
  ofOkCeiling: number;
  ofParseCeiling: number;
  /** QuotaDO calls (the isolate's lease `acquire` RPCs) and 200s over the measured rounds (quotas on). */
  doCalls?: { calls: number; accepted: number };
}

/** Latency distribution in ms. */
export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One pipeline run (embedded or cluster) and its storage ceilings. */
export interface PipelineResult {
  mode: "embedded" | "cluster";
  connections: number;
  seconds: number;
  /** Envelopes the edge answered 200. */
  accepted: number;
  nonOk: number;
  /** Events stored from the start of the load until storage stopped growing (embedded: during the load). */
  stored: number;
  /** `stored` per second over that span. */
  eventsPerSecond: number;
  /** Seconds from the end of the load until storage had every accepted event (cluster: the consumer's lag). */
  drainSeconds: number;
  meanEventsPerBatch: number | null;
  /** SDK→queryable under the saturating load (includes queueing at the edge). */
  queryable: Distribution & { sent: number; refused: number; lost: number };
  /** SDK→queryable with no other load, right after. */
  queryableAtRest: Distribution & { sent: number; refused: number; lost: number };
  /** Raw inserts of the same rows: at the pipeline's own batch size, and in bulk (1,000 rows). */
  ceilings: Ceiling[];
}

/** One scenario of bench/query-latency.ts's report (the part this report reads). */
interface QueryScenario {
  id: string;
  label: string;
  p50: number;
  p95: number;
}

/** The scenarios of a query-latency result, when it has the shape issue 6's module returns. */
function queryScenarios(result: unknown): QueryScenario[] {
  const rows = (result as { results?: unknown } | null)?.results;
  if (!Array.isArray(rows)) return [];
  return rows.filter(
    (r): r is QueryScenario =>
      typeof r === "object" &&
      r !== null &&
      typeof (r as QueryScenario).p95 === "number" &&
      typeof (r as QueryScenario).label === "string",
  );
}

/** Query latency from bench/query-latency.ts (issue 6), as it returns it. */
export interface QuerySection {
  status: "measured" | "missing" | "failed" | "skipped";
  detail?: string;
  results: Array<{ events: number; result: unknown }>;
}

export interface BenchReport {
  benchmark: "bench";
  date: string;
  quick: boolean;
  seed: number;
  machine: Machine;
  settings: {
    rounds: number;
    seconds: number;
    warmupSeconds: number;
    edgeConnections: number;
    pipelineConnections: number;
    projects: number;
  };
  corpus: Corpus["stats"];
  edge: EdgeScenario[];
  jsonParsePerSecond: number;
  pipelines: PipelineResult[];
  /** The backend (+ consumer) fed pre-built batches without an edge; ratios use `pipelines`' ceilings. */
  backendAlone: BackendAloneRow[];
  pipelineSkipped: string[];
  memory: Array<{ process: string; restMiB: number | null; peakMiB: number | null }>;
  query: QuerySection;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;

const n = (x: number | null | undefined, digits = 0) =>
  x !== null && x !== undefined && Number.isFinite(x)
    ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";
const pct = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${n(x * 100)}%`);

/** A raw insert of the same rows (bench/lib/storage-ceiling.ts). */
export interface Ceiling {
  store: "chdb" | "clickhouse";
  batch: number;
  rowsPerSecond: number;
}

/** One backend-alone run with the raw bulk insert it is compared with (the same run's). */
export type BackendAloneRow = BackendAloneResult & { bulk: Ceiling };

/** `eventsPerSecond` as a share of the raw bulk insert, or null without one. */
function ofBulk(x: { eventsPerSecond: number; bulk?: Ceiling } | undefined) {
  return x?.bulk ? x.eventsPerSecond / x.bulk.rowsPerSecond : null;
}

/** The bulk (1,000-row) ceiling of a full pipeline run. */
const pipelineBulk = (p: PipelineResult | undefined) =>
  p && { eventsPerSecond: p.eventsPerSecond, bulk: p.ceilings.find((c) => c.batch === 1_000) };

/** The DESIGN 6 goals with this run's figure for each. */
export function goals(r: BenchReport): Array<{ goal: string; figure: string; met: boolean | null }> {
  const edgeOn = r.edge.find((e) => e.id === "edge-on");
  const embedded = r.pipelines.find((p) => p.mode === "embedded");
  const cluster = r.pipelines.find((p) => p.mode === "cluster");
  const embeddedRatio = ofBulk(pipelineBulk(embedded));
  // Older reports have no backend-alone runs.
  const aloneEmbedded = r.backendAlone?.find((b) => b.mode === "embedded");
  const aloneCluster = r.backendAlone?.find((b) => b.mode === "cluster");
  const aloneRatio = ofBulk(aloneEmbedded);
  const p99 = Math.max(...r.pipelines.map((p) => p.queryable.p99));
  const restP99 = Math.max(...r.pipelines.map((p) => p.queryableAtRest.p99));
  // The real backend process on the 1 M-event dataset of the query run, else this run's backend.
  const oneMillion = r.query.results.find((x) => x.events === 1_000_000);
  const seededRest = (oneMillion?.result as { memory?: { backend?: { atRestMiB?: number } } } | undefined)?.memory
    ?.backend?.atRestMiB;
  const rest = seededRest ?? r.memory.find((m) => m.process === "backend (embedded)")?.restMiB ?? null;
  const doRate = edgeOn?.doCalls ? edgeOn.doCalls.calls / Math.max(1, edgeOn.doCalls.accepted) : null;
  const largest = [...r.query.results].sort((a, b) => b.events - a.events)[0];
  const held = queryScenarios(largest?.result).filter((q) => ["issue-list", "tag-breakdown"].includes(q.id));
  const worstP95 = held.length ? Math.max(...held.map((q) => q.p95)) : null;
  return [
    {
      goal: "Edge full path ≥ 60% of the parse-only Worker",
      figure: edgeOn ? `${pct(edgeOn.ofParseCeiling)} (quotas + PII on)` : "–",
      met: edgeOn ? edgeOn.ofParseCeiling >= 0.6 : null,
    },
    {
      goal: "DO calls ≤ 1 per 50 accepted events",
      figure:
        doRate === null || !edgeOn?.doCalls
          ? "–"
          : `${n(doRate * 1000, 2)} per 1,000 accepted (${n(edgeOn.doCalls.calls)} calls, ${n(edgeOn.doCalls.accepted)} events, quotas on)`,
      met: doRate === null ? null : doRate <= 1 / 50,
    },
    {
      goal: "Embedded pipeline ≥ 70% of a raw chDB bulk insert",
      figure: embeddedRatio === null ? "–" : `${pct(embeddedRatio)} (of 1,000-row inserts)`,
      met: embeddedRatio === null ? null : embeddedRatio >= 0.7,
    },
    {
      goal: "Embedded backend alone (no edge) ≥ 70% of a raw chDB bulk insert",
      figure: aloneRatio === null ? "not run" : `${pct(aloneRatio)} (${n(aloneEmbedded?.eventsPerSecond)} events/s)`,
      met: aloneRatio === null ? null : aloneRatio >= 0.7,
    },
    {
      goal: "Cluster ≥ 5,000 events/s",
      figure: cluster ? `${n(cluster.eventsPerSecond)} events/s` : "not run",
      met: cluster ? cluster.eventsPerSecond >= 5_000 : null,
    },
    {
      goal: "Cluster backend + consumer alone (no edge) ≥ 5,000 events/s",
      figure: aloneCluster
        ? `${n(aloneCluster.eventsPerSecond)} events/s (${pct(ofBulk(aloneCluster))} of raw ClickHouse bulk)`
        : "not run",
      met: aloneCluster ? aloneCluster.eventsPerSecond >= 5_000 : null,
    },
    {
      goal: "SDK→queryable p99 ≤ 2 s",
      figure: r.pipelines.length ? `${n(p99)} ms under saturating load, ${n(restP99)} ms at rest (worst mode)` : "–",
      met: r.pipelines.length ? p99 <= 2_000 : null,
    },
    {
      goal: "Issue list and tag breakdown p95 ≤ 100 ms at 10 M events",
      figure:
        worstP95 === null || !largest
          ? r.query.status
          : `${n(worstP95)} ms (worst of the two, at ${n(largest.events)} events, chDB embedded)`,
      met:
        worstP95 === null || !largest
          ? null
          : largest.events >= 10_000_000
            ? worstP95 <= 100
            : worstP95 <= 100
              ? null
              : false,
    },
    {
      goal: "Embedded RSS ≤ 1 GiB at rest (with 1 M events)",
      figure:
        rest === null
          ? "–"
          : seededRest !== undefined
            ? `${n(rest)} MiB at rest (the backend process on the 1 M-event query dataset)`
            : `${n(rest)} MiB at rest (with the events of this run, not 1 M)`,
      met: rest === null ? null : rest <= 1024,
    },
  ];
}

/** One row per scenario, p50 / p95 per dataset size. */
function renderQuery(q: QuerySection): string {
  const sizes = q.results.map((x) => ({ events: x.events, scenarios: queryScenarios(x.result) }));
  const ids = [...new Set(sizes.flatMap((x) => x.scenarios.map((s) => s.id)))];
  const rows = ids.map((id) => {
    const label = sizes.flatMap((x) => x.scenarios).find((s) => s.id === id)?.label ?? id;
    const cells = sizes.map((x) => {
      const s = x.scenarios.find((y) => y.id === id);
      return s ? `${n(s.p50)} / ${n(s.p95)}` : "–";
    });
    return `| ${label} | ${cells.join(" | ")} |`;
  });
  return `Run by issue 6's \`bench/query-latency.ts\` in this process after everything else stopped: embedded chDB + PGlite seeded by bulk insert, the real HTTP handlers one request at a time, result cache off. p50 / p95 ms.

| scenario | ${sizes.map((x) => `${n(x.events)} events`).join(" | ")} |
|---|${sizes.map(() => "--:").join("|")}|
${rows.join("\n")}`;
}

/** The markdown page. */
export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const c = r.corpus;
  const edgeRows = r.edge.map((e) => {
    const w = e.median;
    const non200 = w.requests - (w.status["200"] ?? 0);
    const doPer1k = e.doCalls ? n((e.doCalls.calls / Math.max(1, e.doCalls.accepted)) * 1000, 2) : "–";
    return `| ${e.label} | ${n(w.requestsPerSecond)} | ${n(w.latencyMs.p50, 1)} | ${n(w.latencyMs.p99, 1)} | ${n(non200)} | ${pct(e.ofOkCeiling)} | ${pct(e.ofParseCeiling)} | ${n(w.requestsPerSecond / r.jsonParsePerSecond, 2)} | ${doPer1k} |`;
  });
  const pipeRows = r.pipelines.map((p) => {
    const own = p.ceilings.find((x) => x.batch !== 1_000);
    const bulk = p.ceilings.find((x) => x.batch === 1_000);
    const q = p.queryable;
    const r = p.queryableAtRest;
    return `| ${p.mode} | ${n(p.eventsPerSecond)} | ${n(p.meanEventsPerBatch, 1)} | ${n(p.drainSeconds, 1)} | ${n(q.p50)} / ${n(q.p95)} / ${n(q.p99)} | ${n(r.p50)} / ${n(r.p99)} | ${n(q.count + r.count)} of ${n(q.sent + r.sent)} | ${own ? `${n(own.rowsPerSecond)} (${own.store}, ${own.batch} rows) · ${pct(p.eventsPerSecond / own.rowsPerSecond)}` : "–"} | ${bulk ? `${n(bulk.rowsPerSecond)} (${bulk.store}) · ${pct(p.eventsPerSecond / bulk.rowsPerSecond)}` : "–"} |`;
  });
  const aloneRows = (r.backendAlone ?? []).map((b) => {
    const bulk = b.bulk;
    const failed = b.failedBatches ? `, ${n(b.failedBatches)} batches failed` : "";
    const cpu =
      b.cpuMsPerEvent === null || b.cpuMsPerEvent === undefined
        ? ""
        : `; backend CPU ${n(b.cpuMsPerEvent, 3)} ms/event`;
    return `| ${b.mode}, backend alone (no edge: ${b.batch}-record signed gzip batches, ${b.concurrency} in flight, from another process${failed}${cpu}) | ${n(b.eventsPerSecond)} | ${n(b.meanCommitRecords ?? b.batch, 1)} | ${n(b.drainSeconds, 1)} | – | – | – | – | ${bulk ? `${n(bulk.rowsPerSecond)} (${bulk.store}) · ${pct(b.eventsPerSecond / bulk.rowsPerSecond)}` : "–"} |`;
  });
  const memRows = r.memory.map((x) => `| ${x.process} | ${n(x.restMiB)} | ${n(x.peakMiB)} |`);
  const goalRows = goals(r).map(
    (g) => `| ${g.goal} | ${g.figure} | ${g.met === null ? "–" : g.met ? "met" : "not met"} |`,
  );
  const query =
    r.query.status === "measured"
      ? renderQuery(r.query)
      : `Not measured: ${r.query.status}${r.query.detail ? ` (${r.query.detail})` : ""}.`;
  return `# Breakwater benchmark${r.quick ? " (quick)" : ""}

${r.date} · ${m.cores} cores (${m.cpuModel}), ${n(m.memoryGiB, 1)} GiB · load average (1 min) at start ${n(m.loadAverage1m, 1)}${m.loadAverage1m < m.cores ? " (no other job running)" : " — **the machine was shared** with other jobs, so absolute figures are noisy"}; the ratios to references measured in the same run are what to compare ·
node ${m.node} · workerd ${m.workerd} · ${m.wrk}

Load: ${n(c.envelopes)} envelopes generated with seed ${r.seed} (@sentry/react, @sentry/node and sentry-python shapes: ${Object.entries(
    c.shapes,
  )
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(
      ", ",
    )}), ${n(c.distinctIssues)} distinct issues drawn by Zipf (the top issue has ${pct(c.topIssueShare)} of events), ${n(c.distinctUsers)} users, ${r.settings.projects} DSN key(s), ${n(c.minFrames)}–${n(c.maxFrames)} frames; mean event ${n(c.meanEventBytes)} B, envelope ${n(c.meanEnvelopeBytes)} B, ${n(c.meanGzipBytes)} B gzipped on the wire. Replayed by wrk (C, 1 thread, keep-alive, closed loop) from a pre-built file.

## Goals (DESIGN 6)

| goal | this run | |
|---|---|---|
${goalRows.join("\n")}

## Edge under \`workerd serve\`

${r.settings.rounds} interleaved round(s) of ${r.settings.seconds} s after ${r.settings.warmupSeconds} s of warm-up, ${r.settings.edgeConnections} connections, medians shown. Edge batches go to a sink that acknowledges them at once (the edge alone).

| scenario | envelopes/s | p50 ms | p99 ms | non-200 | of Hono 200 Worker | of parse-only Worker | of JSON.parse (1 core) | QuotaDO calls / 1k accepted |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
${edgeRows.join("\n")}
| \`JSON.parse\` of the same payloads, 1 core (CPU ceiling) | ${n(r.jsonParsePerSecond)} | | | | | | 1.00 | |

## Pipeline into storage

SDK → edge (workerd) → backend → storage, with quotas and PII on, ${r.pipelines[0]?.connections ?? "–"} connections. Embedded: the edge's 200 waits for chDB + PGlite. Cluster: the 200 waits for Kafka; the consumer stores. Events/s into storage: embedded, the events the backend stored during the load (from its batch log) per second; cluster, the rows ClickHouse gained from the start of the load until the count stopped growing, per second of that span. SDK→queryable: a probe sends an event every 500 ms during the load and polls the REST API every 50 ms until it is found; under a saturating closed loop that includes queueing at the edge (≈ connections ÷ throughput), so the probe also runs for a few seconds at rest right after. The "backend alone" rows leave the edge out: a separate process posts the same corpus's records, built as the edge builds them (normalized, scrubbed) and pre-serialized as it forwards them (signed gzip NDJSON, fresh event ids and nonce per POST), straight to \`/internal/ingest\`, so their ratio to the raw insert is the backend's own (events / batch: the backend's commit size, embedded).

| mode | events/s into storage | events / batch | drain after load s | SDK→queryable under load p50 / p95 / p99 ms | at rest p50 / p99 ms | probes found | raw insert, same batch size (rows/s) · ratio | raw bulk insert, 1,000 rows (rows/s) · ratio |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
${[...pipeRows, ...aloneRows].join("\n") || "| – | | | | | | | | |"}
${r.pipelineSkipped.map((s) => `\n${s}`).join("")}

## Resident memory (MiB)

| process | at rest | peak under load |
|---|--:|--:|
${memRows.join("\n")}

## Query latency (issue list, issue detail aggregates, tag breakdown)

${query}
`;
}
