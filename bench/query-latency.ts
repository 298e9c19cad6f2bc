/**
 * Query latency benchmark (issue 6, item 6; DESIGN 6: "issue list and tag breakdown over 10 M
 * events: p95 ≤ 100 ms"). Not a test: it measures and reports.
 *
 * Opens the backend's services in-process on embedded chDB + PGlite (a temp dir), seeds `--events`
 * rows by bulk INSERT … SELECT FROM numbers() (`./query/seed.ts`) plus their issues, then times the
 * real HTTP handlers (`app.request`, auth and serialization included) one request at a time, with
 * the 1 s result cache turned off so every request reaches ClickHouse:
 *   issue list (default search, 24h stats), issue list with a tag filter, issue list sorted by
 *   users, tag breakdown of the biggest issue (all keys), one key's values, and the Snuba query
 *   of DESIGN 3.3 (tag-key counts over the whole project).
 * Writes bench/results/query-latency[-quick].{json,md} and prints the table.
 *
 *   npx tsx bench/query-latency.ts [--events 1000000] [--iterations 50] [--quick]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createApp } from "../backend/src/app.ts";
import { seedBootstrap } from "../backend/src/bootstrap/seed.ts";
import type { Querier } from "../backend/src/clickhouse/interface.ts";
import { silentLogger } from "../backend/src/logger.ts";
import { ResultCache } from "../backend/src/query/cache.ts";
import { executorFor } from "../backend/src/query/execute.ts";
import { openServices } from "../backend/src/services.ts";
import { type BackendRss, backendRssOn } from "./query/backend-rss.ts";
import { seedEvents } from "./query/seed.ts";

/** Options of `runQueryLatency`. */
export interface QueryLatencyOptions {
  /** Events to seed. */
  events: number;
  /** Fewer iterations (10 instead of 50). */
  quick?: boolean;
  /** Timed requests per scenario (after 3 warm-up requests). */
  iterations?: number;
  /** Issues the events are spread over. Default 2,000. */
  groups?: number;
}

/** One scenario's figures, ms. */
export interface LatencyResult {
  id: string;
  label: string;
  request: string;
  p50: number;
  p95: number;
  max: number;
  iterations: number;
}

/** The whole report. */
export interface QueryLatencyReport {
  date: string;
  machine: { cores: number; cpu: string; loadAverage1m: number; node: string };
  dataset: {
    events: number;
    groups: number;
    biggestGroup: { id: number; events: number };
    seedMs: number;
    /** Time waited after seeding for background merges to finish. */
    settleMs: number;
    /** Active parts of the events and aggregate tables when timing started. */
    parts: Record<string, number>;
  };
  /**
   * Resident memory of this process (the backend's embedded services, chDB + PGlite, in-process,
   * plus the benchmark itself): with the dataset seeded and at rest, and after the timed requests.
   */
  memory: {
    rssAtRestMiB: number;
    rssAfterQueriesMiB: number;
    /** The embedded backend as its own process (`backend/src/main.ts`) on the seeded files. */
    backend: BackendRss;
  };
  results: LatencyResult[];
}

const TOKEN = "q".repeat(64);

const PartsRowSchema = z.object({ table: z.string(), parts: z.coerce.number() });
const MergesRowSchema = z.object({ running: z.coerce.number() });

/**
 * Waits (at most `limitMs`) until no background merge runs, as in a system that has been up for a
 * while: right after a bulk insert the aggregate tables hold one part per insert until merged.
 */
async function waitForMerges(store: Querier, limitMs: number): Promise<{ ms: number; parts: Record<string, number> }> {
  const started = performance.now();
  let quiet = 0;
  while (performance.now() - started < limitMs && quiet < 3) {
    const [row] = await store.query("SELECT count() AS running FROM system.merges", MergesRowSchema);
    quiet = (row?.running ?? 0) === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const rows = await store.query(
    "SELECT table, count() AS parts FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table",
    PartsRowSchema,
  );
  return {
    ms: Math.round(performance.now() - started),
    parts: Object.fromEntries(rows.map((r) => [r.table, r.parts])),
  };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] ?? 0) * 10) / 10;
}

/** Seeds, measures, cleans up; returns the report. */
export async function runQueryLatency(options: QueryLatencyOptions): Promise<QueryLatencyReport> {
  const iterations = options.iterations ?? (options.quick ? 10 : 50);
  const dir = mkdtempSync(join(tmpdir(), "bw-query-bench-"));
  const opened = await openServices({
    dataDir: dir,
    internalSecret: "bench",
    dashboardUrl: "http://dashboard.bench",
    edgeUrl: "http://edge.bench",
    logger: silentLogger(),
  });
  let closed = false;
  try {
    const { services } = opened;
    await seedBootstrap(services.db, { publicKey: "b".repeat(32), apiToken: TOKEN, adminPassword: "benchmark only" });
    const nowSec = Math.floor(Date.now() / 1000);
    const dataset = await seedEvents(services.events, services.db, {
      projectId: 1,
      events: options.events,
      groups: options.groups ?? 2000,
      nowSec,
    });
    // Time as a running system would see it: background merges of the bulk-inserted parts done.
    const settle = await waitForMerges(services.events, 180_000);
    const rssAtRestMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
    // Every timed request must reach the store: no 1 s cache.
    executorFor(services.events).cache = new ResultCache({ ttlMs: 0 });
    const app = createApp(services);
    const headers = { Authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const big = dataset.biggestGroup.id;
    const toDate = new Date((nowSec + 60) * 1000).toISOString().slice(0, 19);
    const fromDate = new Date((nowSec - 14 * 86_400) * 1000).toISOString().slice(0, 19);
    const scenarios: { id: string; label: string; request: string; body?: unknown }[] = [
      {
        id: "issue-list",
        label: "Issue list (is:unresolved, 24h stats, 25 per page)",
        request: "GET /api/0/projects/default/default/issues/?statsPeriod=24h",
      },
      {
        id: "issue-list-tag",
        label: "Issue list, tag filter (browser:Chrome level:error)",
        request: "GET /api/0/projects/default/default/issues/?query=is:unresolved%20browser:Chrome%20level:error",
      },
      {
        id: "issue-list-user",
        label: "Issue list sorted by users",
        request: "GET /api/0/projects/default/default/issues/?sort=user",
      },
      {
        id: "tag-breakdown",
        label: "Tag breakdown, all keys (biggest issue)",
        request: `GET /api/0/issues/${big}/tags/`,
      },
      {
        id: "tag-values",
        label: "Tag values of one key (biggest issue)",
        request: `GET /api/0/issues/${big}/tags/browser/`,
      },
      {
        id: "snuba-tag-keys",
        label: "Snuba query: tag-key counts, whole project, 14 days",
        request: "POST /api/0/organizations/default/query/",
        body: {
          project: [1],
          aggregations: [["count()", "", "count"]],
          groupby: ["tags_key"],
          from_date: fromDate,
          to_date: toDate,
          orderby: "-count",
        },
      },
    ];
    const results: LatencyResult[] = [];
    for (const s of scenarios) {
      const [method, path] = s.request.split(" ") as [string, string];
      const once = async () => {
        const t = performance.now();
        const res = await app.request(path, { method, headers, ...(s.body ? { body: JSON.stringify(s.body) } : {}) });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${s.request} answered ${res.status}`);
        return performance.now() - t;
      };
      for (let i = 0; i < 3; i++) await once();
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) times.push(await once());
      times.sort((a, b) => a - b);
      results.push({
        ...s,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        max: percentile(times, 100),
        iterations,
      });
    }
    const rssAfterQueriesMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
    // The real backend process on the same files (chDB and PGlite open them exclusively: close first).
    await opened.close();
    closed = true;
    const backend = await backendRssOn(dir, TOKEN, [
      "/api/0/projects/default/default/issues/?statsPeriod=24h",
      `/api/0/issues/${big}/tags/`,
    ]);
    const model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? "unknown";
    return {
      date: new Date().toISOString(),
      machine: { cores: cpus().length, cpu: model, loadAverage1m: loadavg()[0] ?? 0, node: process.version },
      dataset: { ...dataset, settleMs: settle.ms, parts: settle.parts },
      memory: { rssAtRestMiB, rssAfterQueriesMiB, backend },
      results: results.map(({ id, label, request, p50, p95, max, iterations: n }) => ({
        id,
        label,
        request,
        p50,
        p95,
        max,
        iterations: n,
      })),
    };
  } finally {
    if (!closed) await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as Markdown. */
export function renderQueryLatency(r: QueryLatencyReport): string {
  const n = (x: number) => x.toLocaleString("en-US");
  return [
    "# Query latency benchmark",
    "",
    `${r.date} · ${r.machine.cores} cores, ${r.machine.cpu} · load average (1 min) at end ${r.machine.loadAverage1m.toFixed(1)} · node ${r.machine.node}`,
    "",
    `Embedded chDB + PGlite, in-process HTTP handlers, one request at a time, result cache off. Dataset: ${n(r.dataset.events)} events over ${n(r.dataset.groups)} issues (biggest: ${n(r.dataset.biggestGroup.events)} events), 7 tags per event, 14 days; seeded in ${(r.dataset.seedMs / 1000).toFixed(1)} s, then ${(r.dataset.settleMs / 1000).toFixed(0)} s for background merges (parts when timed: ${Object.entries(
      r.dataset.parts,
    )
      .filter(([t]) => t === "events" || t.startsWith("issue_"))
      .map(([t, p]) => `${t} ${p}`)
      .join(
        ", ",
      )}). Resident memory with the dataset: the embedded backend as its own process (\`backend/src/main.ts\` on the seeded files, after 5 rounds of issue list + tag breakdown) ${n(r.memory.backend.atRestMiB)} MiB at rest (${n(r.memory.backend.afterStartMiB)} after start-up, peak ${n(r.memory.backend.peakMiB)}); this benchmark process, which seeded and timed in-process, ${n(r.memory.rssAtRestMiB)} MiB before the requests and ${n(r.memory.rssAfterQueriesMiB)} after.`,
    "",
    "| scenario | p50 ms | p95 ms | max ms | requests |",
    "|---|--:|--:|--:|--:|",
    ...r.results.map((s) => `| ${s.label} | ${s.p50} | ${s.p95} | ${s.max} | ${s.iterations} |`),
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      events: { type: "string", default: "1000000" },
      iterations: { type: "string" },
      quick: { type: "boolean", default: false },
    },
  });
  const quick = values.quick;
  const events = Number(values.events);
  const report = await runQueryLatency({
    events,
    quick,
    ...(values.iterations ? { iterations: Number(values.iterations) } : {}),
  });
  const name = quick ? "query-latency-quick" : "query-latency";
  const out = join(fileURLToPath(new URL(".", import.meta.url)), "results");
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const md = renderQueryLatency(report);
  writeFileSync(join(out, `${name}.md`), md);
  console.log(md);
}
