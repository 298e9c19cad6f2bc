/**
 * @module
 * SDK→queryable latency (DESIGN 6: p99 ≤ 2 s): while the load runs, a probe sends one envelope every
 * `intervalMs` with an `event_id` it chose (taken from the corpus, so it is an ordinary event), then
 * polls the backend's `GET /api/0/projects/{org}/{project}/events/{id}/` until it answers 200. The
 * latency is from the start of the POST to that first 200, so it covers the edge, batching, the
 * backend (and Kafka and the consumer in cluster mode) and the store's visibility. Poll granularity
 * (`pollMs`) bounds the resolution.
 */
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { type CorpusEntry, sentryAuth } from "./load/corpus.ts";

/** Options of {@link runProbe}. */
export interface ProbeOptions {
  edgeUrl: string;
  backendUrl: string;
  apiToken: string;
  /** Envelopes to send (cycled); their key must belong to project `default`. */
  entries: readonly CorpusEntry[];
  intervalMs: number;
  pollMs?: number;
  /** Give up on one event after this long (counted as lost). */
  timeoutMs?: number;
}

/** What the probe saw. */
export interface ProbeResult {
  sent: number;
  /** Answered 200 by the edge and then found through the API. */
  found: number;
  /** Answered non-200 by the edge (e.g. 503 under overload). */
  refused: number;
  /** Accepted but not queryable within the timeout. */
  lost: number;
  latenciesMs: number[];
}

/** The envelope with `event_id` set in its header (the edge takes the header's id as authoritative). */
function withEventId(entry: CorpusEntry, eventId: string): Buffer {
  const raw = entry.raw.toString("utf8");
  const nl = raw.indexOf("\n");
  const header = JSON.parse(raw.slice(0, nl)) as Record<string, unknown>;
  return gzipSync(Buffer.from(`${JSON.stringify({ ...header, event_id: eventId })}${raw.slice(nl)}`));
}

async function one(o: ProbeOptions, entry: CorpusEntry, result: ProbeResult): Promise<void> {
  const eventId = randomBytes(16).toString("hex");
  const started = performance.now();
  result.sent += 1;
  const res = await fetch(`${o.edgeUrl}/api/${entry.target.projectId}/envelope/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-sentry-envelope",
      "content-encoding": "gzip",
      "x-sentry-auth": sentryAuth(entry.shape, entry.target.publicKey),
    },
    body: withEventId(entry, eventId),
  }).catch(() => undefined);
  await res?.arrayBuffer().catch(() => undefined);
  if (res?.status !== 200) {
    result.refused += 1;
    return;
  }
  const deadline = started + (o.timeoutMs ?? 30_000);
  while (performance.now() < deadline) {
    const found = await fetch(`${o.backendUrl}/api/0/projects/default/default/events/${eventId}/`, {
      headers: { authorization: `Bearer ${o.apiToken}` },
    }).catch(() => undefined);
    await found?.arrayBuffer().catch(() => undefined);
    if (found?.status === 200) {
      result.found += 1;
      result.latenciesMs.push(performance.now() - started);
      return;
    }
    await new Promise((r) => setTimeout(r, o.pollMs ?? 20));
  }
  result.lost += 1;
}

/**
 * Starts probing; call the returned `stop()` when the load ends: it stops sending and waits for the
 * probes in flight to be found (or time out).
 */
export function runProbe(o: ProbeOptions): { stop(): Promise<ProbeResult> } {
  const result: ProbeResult = { sent: 0, found: 0, refused: 0, lost: 0, latenciesMs: [] };
  const inFlight = new Set<Promise<void>>();
  let i = 0;
  const timer = setInterval(() => {
    const entry = o.entries[i++ % o.entries.length];
    if (!entry) return;
    const p = one(o, entry, result).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, o.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return result;
    },
  };
}
