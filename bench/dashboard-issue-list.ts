/**
 * @module
 * Issue stream at 10,000 issues: how long the dashboard takes, server side, to render the first
 * page (issue 7: "renders its first page in under 500 ms server time").
 *
 * Starts the real stack (embedded backend: chDB + PGlite; the edge; the dashboard built and served
 * in production mode by `react-router-serve`), seeds N issues (one event each, distinct stack traces,
 * plus extra events on some issues) through the signed `/internal/ingest`, logs in through the
 * dashboard's login form, then times sequential requests of:
 * - `api`: the backend's `GET /api/0/projects/default/default/issues/?query=is:unresolved&statsPeriod=24h&limit=25`
 *   (what the loader calls);
 * - `ssr`: the dashboard's full server-rendered HTML of `/organizations/default/projects/default/issues`
 *   (session check, switcher lists, the issue list call, React SSR) — time to the last byte;
 * - `data`: the same route's client-navigation data request (`….data`, loaders only).
 * Reports min / p50 / p95 / max after warm-up and writes bench/results/dashboard-issue-list.{json,md}.
 *
 * `node bench/dashboard-issue-list.ts [--issues 10000] [--runs 30]`
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { signRequest } from "@breakwater/core/signature";
import { freshCredentials } from "../scripts/lib/credentials.ts";
import { freePort } from "../scripts/lib/process.ts";
import { REPO_ROOT, startStack } from "../scripts/lib/stack.ts";

const { values: args } = parseArgs({
  options: { issues: { type: "string", default: "10000" }, runs: { type: "string", default: "30" } },
});
const ISSUES = Number(args.issues);
const RUNS = Number(args.runs);
const BATCH = 1_000;
const ISSUES_PATH = "/organizations/default/projects/default/issues";

/** One ingest record: a distinct exception type and in-app function per issue, so each groups alone. */
function record(i: number, now: number) {
  const ts = now - 60 - (i % 86_000);
  const frames = ["main", `handler${i}`, `step${i % 97}`].map((fn, j) => ({
    filename: `src/module${i % 50}.js`,
    abs_path: `/srv/app/src/module${i % 50}.js`,
    function: fn,
    lineno: 10 + j,
    colno: 5,
    in_app: true,
    context_line: `  ${fn}();`,
  }));
  return {
    project_id: 1,
    key_id: 1,
    received: ts + 0.5,
    event: {
      event_id: crypto.randomUUID().replaceAll("-", ""),
      timestamp: ts,
      received: ts + 0.5,
      platform: "node",
      level: i % 7 === 0 ? "warning" : "error",
      environment: "production",
      release: `app@1.${i % 5}.0`,
      user: { id: String(i % 400), email: `user${i % 400}@example.com` },
      sdk: { name: "sentry.javascript.node", version: "8.0.0" },
      tags: [["shard", String(i % 16)]],
      exception: { values: [{ type: `BenchError${i}`, value: `failure number ${i}`, stacktrace: { frames } }] },
    },
  };
}

async function ingest(backendUrl: string, secret: string, records: unknown[]): Promise<void> {
  const body = `${records.map((r) => JSON.stringify(r)).join("\n")}\n`;
  const res = await fetch(`${backendUrl}/internal/ingest`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", "x-breakwater-signature": signRequest(secret, body) },
    body,
  });
  if (!res.ok) throw new Error(`ingest ${res.status}: ${await res.text()}`);
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: s.length, min: r(s[0] ?? 0), p50: r(at(0.5)), p95: r(at(0.95)), max: r(s.at(-1) ?? 0) };
}

async function timed(
  url: string,
  headers: Record<string, string>,
): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers, redirect: "manual" });
  const text = await res.text();
  return { ms: performance.now() - t0, bytes: text.length, status: res.status };
}

const dataDir = mkdtempSync(join(tmpdir(), "breakwater-bench-dash-"));
const credentials = freshCredentials({});
const stack = await startStack({
  dataDir,
  credentials,
  dashboard: true,
  dashboardMode: "production",
  ports: {
    edge: await freePort(),
    backend: await freePort(),
    inspector: await freePort(),
    dashboard: await freePort(),
  },
  onLine: () => {},
});
try {
  const dash = stack.dashboardUrl ?? "";
  console.log(`stack up; seeding ${ISSUES} issues`);
  const now = Math.floor(Date.now() / 1000);
  const t0 = performance.now();
  for (let start = 0; start < ISSUES; start += BATCH) {
    const n = Math.min(BATCH, ISSUES - start);
    await ingest(
      stack.backendUrl,
      credentials.internalSecret,
      Array.from({ length: n }, (_, k) => record(start + k, now)),
    );
  }
  // A second event on every tenth issue, so counts and sparklines are not all 1.
  const extra = Array.from({ length: Math.floor(ISSUES / 10) }, (_, k) => record(k * 10, now - 3_600));
  for (let start = 0; start < extra.length; start += BATCH) {
    await ingest(stack.backendUrl, credentials.internalSecret, extra.slice(start, start + BATCH));
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  const api = { authorization: `Bearer ${credentials.apiToken}` };
  const count = await fetch(
    `${stack.backendUrl}/api/0/projects/default/default/issues/?query=&statsPeriod=&limit=100`,
    {
      headers: api,
    },
  );
  console.log(`seeded in ${seedSeconds.toFixed(1)} s (first page status ${count.status})`);

  // Log in through the dashboard's own form, as a browser would.
  const login = await fetch(`${dash}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: dash },
    body: new URLSearchParams({ email: credentials.adminEmail, password: credentials.adminPassword }),
    redirect: "manual",
  });
  const cookie = login.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`login failed: ${login.status}`);
  const session = { cookie };

  const targets = {
    api: () =>
      timed(
        `${stack.backendUrl}/api/0/projects/default/default/issues/?query=is%3Aunresolved&statsPeriod=24h&limit=25`,
        api,
      ),
    ssr: () => timed(`${dash}${ISSUES_PATH}`, session),
    data: () => timed(`${dash}${ISSUES_PATH}.data`, session),
  };
  const results: Record<string, ReturnType<typeof stats> & { bytes: number }> = {};
  for (const [name, run] of Object.entries(targets)) {
    for (let i = 0; i < 5; i++) await run(); // warm-up
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await run();
      if (r.status !== 200) throw new Error(`${name}: status ${r.status}`);
      ms.push(r.ms);
      bytes = r.bytes;
    }
    results[name] = { ...stats(ms), bytes };
    console.log(name, results[name]);
  }
  const report = {
    benchmark: "dashboard-issue-list",
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "", loadavg: loadavg() },
    issues: ISSUES,
    events: ISSUES + extra.length,
    seedSeconds: Math.round(seedSeconds * 10) / 10,
    runs: RUNS,
    results,
    goalMs: 500,
  };
  const resultsDir = join(REPO_ROOT, "bench", "results");
  writeFileSync(join(resultsDir, "dashboard-issue-list.json"), `${JSON.stringify(report, null, 2)}\n`);
  const row = (name: string, what: string) => {
    const r = results[name];
    return r ? `| ${what} | ${r.min} | ${r.p50} | ${r.p95} | ${r.max} | ${Math.round(r.bytes / 1024)} KiB |` : "";
  };
  writeFileSync(
    join(resultsDir, "dashboard-issue-list.md"),
    [
      `# Dashboard issue list at ${ISSUES.toLocaleString("en")} issues`,
      "",
      `${report.date}; ${report.machine.cpus} cores (${report.machine.model}), load ${report.machine.loadavg.map((l) => l.toFixed(1)).join(" ")}; embedded backend (chDB + PGlite); dashboard in production mode; ${RUNS} sequential requests after 5 warm-ups; ${report.events.toLocaleString("en")} events seeded in ${report.seedSeconds} s.`,
      "",
      "| request | min ms | p50 ms | p95 ms | max ms | size |",
      "|---|--:|--:|--:|--:|--:|",
      row("api", "backend `GET …/issues/?query=is:unresolved&statsPeriod=24h&limit=25`"),
      row("ssr", "dashboard first page, full server-rendered HTML"),
      row("data", "dashboard first page, loader data (client navigation)"),
      "",
      `Goal: first page under ${report.goalMs} ms server time.`,
      "",
    ].join("\n"),
  );
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
