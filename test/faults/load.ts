/**
 * @module
 * A bounded load generator for fault tests: a fixed number of senders, each posting one envelope at
 * a time (so the rate is bounded by the system, and by `pauseMs`) until stopped. Every event has its
 * own event id; each answer is recorded. A refused event (429/503) is retried like an SDK with an
 * offline cache would, with the same event id, up to `maxAttempts`; any other answer, or a network
 * error, is recorded as a failure the tests assert never happens.
 */
import { randomUUID } from "node:crypto";

export interface LoadOptions {
  edgeUrl: string;
  publicKey: string;
  /** Concurrent senders (default 4). */
  senders?: number;
  /** Pause after each answer, per sender, ms (default 10). */
  pauseMs?: number;
  /** Attempts per event, the first included (default 5). */
  maxAttempts?: number;
  /** Pause before retrying a refused event, ms (default 500). */
  retryAfterMs?: number;
  /** Per-request timeout, ms (default 30 s: the edge holds a request while its batch is in flight). */
  timeoutMs?: number;
  /** Tag put on every event (`fault:<label>`), and part of its message. */
  label: string;
}

/** What the generator saw. */
export interface LoadReport {
  /** Event ids answered 200 (on any attempt). */
  accepted: Set<string>;
  /** Event ids never accepted, after every attempt was refused with 429/503. */
  refused: Set<string>;
  /** Answers by status (every attempt), e.g. `{ "200": 950, "503": 40 }`. */
  statuses: Record<string, number>;
  /** Anything that is not 200/429/503 (status or network error), with the event id. */
  failures: string[];
  /** Events sent (distinct ids) and attempts made. */
  events: number;
  attempts: number;
  /** Unix ms of every 200, in order: recovery time is the gap after a fault. */
  acceptedAt: number[];
  /** Unix ms of the first and last refusal, if any. */
  firstRefusalAt: number | null;
  lastRefusalAt: number | null;
}

export interface RunningLoad {
  report: LoadReport;
  /** Stops starting new events, finishes the ones in flight (with their retries), returns the report. */
  stop(): Promise<LoadReport>;
}

/** The issues each scenario's events fall into. */
export const GROUPS = ["alpha", "bravo", "charlie", "delta", "echo"] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function envelope(eventId: string, label: string, n: number): string {
  const event = {
    event_id: eventId,
    level: "error",
    platform: "node",
    // A handful of issues, so grouping and the per-issue counters are exercised (words, not digits:
    // grouping parameterizes numbers away).
    exception: { values: [{ type: "FaultError", value: `${label} group ${GROUPS[n % GROUPS.length]}` }] },
    tags: { fault: label },
  };
  return `${JSON.stringify({ event_id: eventId })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
}

/** Starts the senders. */
export function startLoad(o: LoadOptions): RunningLoad {
  const report: LoadReport = {
    accepted: new Set(),
    refused: new Set(),
    statuses: {},
    failures: [],
    events: 0,
    attempts: 0,
    acceptedAt: [],
    firstRefusalAt: null,
    lastRefusalAt: null,
  };
  let stopping = false;
  const url = `${o.edgeUrl}/api/1/envelope/`;
  const auth = `Sentry sentry_key=${o.publicKey}, sentry_version=7, sentry_client=breakwater-faults/1.0`;

  const sendOne = async (n: number) => {
    const eventId = randomUUID().replaceAll("-", "");
    const body = envelope(eventId, o.label, n);
    report.events++;
    for (let attempt = 1; attempt <= (o.maxAttempts ?? 5); attempt++) {
      report.attempts++;
      let status: number;
      try {
        const res = await fetch(url, {
          method: "POST",
          body,
          headers: { "x-sentry-auth": auth, "content-type": "application/x-sentry-envelope" },
          signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch (e) {
        report.failures.push(`${eventId}: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      report.statuses[status] = (report.statuses[status] ?? 0) + 1;
      if (status === 200) {
        report.accepted.add(eventId);
        report.acceptedAt.push(Date.now());
        return;
      }
      if (status !== 429 && status !== 503) {
        report.failures.push(`${eventId}: HTTP ${status}`);
        return;
      }
      report.firstRefusalAt ??= Date.now();
      report.lastRefusalAt = Date.now();
      await sleep(o.retryAfterMs ?? 500);
    }
    report.refused.add(eventId);
  };

  let counter = 0;
  const sender = async () => {
    while (!stopping) {
      await sendOne(counter++);
      await sleep(o.pauseMs ?? 10);
    }
  };
  const senders = Array.from({ length: o.senders ?? 4 }, () => sender());
  return {
    report,
    async stop() {
      stopping = true;
      await Promise.all(senders);
      return report;
    },
  };
}

/** Longest gap between consecutive 200s after `since` (ms): how long the fault stalled acceptance. */
export function longestAcceptGap(report: LoadReport, since: number): number {
  let longest = 0;
  let previous = since;
  for (const at of report.acceptedAt) {
    if (at < since) continue;
    longest = Math.max(longest, at - previous);
    previous = at;
  }
  return longest;
}
