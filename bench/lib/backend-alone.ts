/**
 * @module
 * The "backend alone" pipeline figure (issue 8): the backend (+ consumer in cluster mode) fed
 * pre-built, signed ingest batches by a separate sender process (bench/lib/ingest-sender.ts), no edge
 * in the loop. With the edge sharing the cores, the full pipeline measures the edge; this measures
 * how far the backend and its storage are from the raw insert of the same rows.
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { groupCpuSeconds } from "./cpu-time.ts";
import type { SenderOptions, SenderResult } from "./ingest-sender.ts";

/** One backend-alone run. */
export interface BackendAloneResult {
  mode: "embedded" | "cluster";
  /** Records per POST and requests in flight. */
  batch: number;
  concurrency: number;
  /** Events posted, and what the backend answered. */
  sent: number;
  accepted: number;
  duplicates: number;
  failedBatches: number;
  failures: string[];
  /** Events stored: embedded, accepted (write-through); cluster, rows ClickHouse gained. */
  stored: number;
  /** `stored` per second, from the first POST until storage stopped growing. */
  eventsPerSecond: number;
  /** Seconds of sending. */
  sendSeconds: number;
  /** Seconds from the last answer until storage had everything (cluster: the consumer's lag). */
  drainSeconds: number;
  /** The sender ran out of pre-built batches before the clock (raise its maxEvents). */
  exhausted: boolean;
  meanBodyBytes: number;
  /** Seconds the sender spent building and signing its bodies before the clock started. */
  buildSeconds: number;
  /**
   * CPU seconds of the backend's process group (+ the consumer's, cluster) per 1,000 stored events,
   * from the first POST until storage had them all: what A/B runs on a shared machine compare.
   */
  cpuMsPerEvent: number | null;
  /** Records per group commit (one chDB insert each) during the run; embedded only. */
  meanCommitRecords: number | null;
  /** 1-minute load average when the run started. */
  load1: number;
}

/** Options of {@link runBackendAlone}. */
export interface BackendAloneOptions {
  repoRoot: string;
  mode: "embedded" | "cluster";
  sender: SenderOptions;
  /** Cluster: rows in the namespace's ClickHouse `events` (the run waits until it stops growing). */
  countStored?: () => Promise<number>;
  /** Records per commit logged by the backend so far (the run reads the ones it added). */
  commitSizes?: readonly number[];
  /** Process groups whose CPU time is the backend side's (backend, consumer). */
  cpuGroups?: readonly number[];
}

/**
 * Runs the sender child; `onStart` is called when it starts posting (its bodies are built).
 * @returns its result line
 */
function runSender(repoRoot: string, options: SenderOptions, onStart: () => void): Promise<SenderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(repoRoot, "node_modules/.bin/tsx"),
      [join(repoRoot, "bench/lib/ingest-sender.ts"), JSON.stringify(options)],
      { cwd: repoRoot, env: process.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    let pending = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
      pending += d.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      if (lines.includes("SENDER_START")) onStart();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = output.split("\n").find((l) => l.startsWith("SENDER_JSON "));
      if (code === 0 && line) resolve(JSON.parse(line.slice("SENDER_JSON ".length)) as SenderResult);
      else reject(new Error(`ingest sender exited with ${code}:\n${output}`));
    });
  });
}

/** Runs the sender against a started backend and measures what reached storage. */
export async function runBackendAlone(o: BackendAloneOptions): Promise<BackendAloneResult> {
  const load1 = loadavg()[0] ?? 0;
  const storedBefore = o.countStored ? await o.countStored() : 0;
  const commitsBefore = o.commitSizes?.length ?? 0;
  const groups = o.cpuGroups ?? [];
  let cpuAtStart = 0;
  const sent = await runSender(o.repoRoot, o.sender, () => {
    cpuAtStart = groupCpuSeconds(groups);
  });
  let stored = sent.accepted;
  let end = sent.endedAt;
  if (o.countStored) {
    // Cluster: a 200 means "in Kafka"; wait until the consumer has stored every accepted event (or
    // the count has not grown for 15 s, or 2 min pass): one consumer flush of 10,000 records can take
    // seconds, so a short quiet spell is not the end.
    let last = await o.countStored();
    let stableSince = Date.now();
    end = Date.now();
    while (
      last - storedBefore < sent.accepted &&
      Date.now() - stableSince < 15_000 &&
      Date.now() - sent.endedAt < 120_000
    ) {
      await new Promise((r) => setTimeout(r, 200));
      const now = await o.countStored();
      if (now !== last) {
        last = now;
        stableSince = end = Date.now();
      }
    }
    stored = last - storedBefore;
  }
  const cpuSeconds = groupCpuSeconds(groups) - cpuAtStart;
  const commits = o.commitSizes?.slice(commitsBefore) ?? [];
  return {
    mode: o.mode,
    batch: o.sender.batch,
    concurrency: o.sender.concurrency,
    sent: sent.events,
    accepted: sent.accepted,
    duplicates: sent.duplicates,
    failedBatches: sent.failed,
    failures: sent.failures,
    stored,
    eventsPerSecond: stored / ((end - sent.startedAt) / 1000),
    sendSeconds: sent.seconds,
    drainSeconds: Math.max(0, (end - sent.endedAt) / 1000),
    exhausted: sent.exhausted,
    meanBodyBytes: sent.meanBodyBytes,
    buildSeconds: sent.buildSeconds,
    cpuMsPerEvent: groups.length && stored ? (cpuSeconds * 1000) / stored : null,
    meanCommitRecords: commits.length ? commits.reduce((a, b) => a + b, 0) / commits.length : null,
    load1,
  };
}
