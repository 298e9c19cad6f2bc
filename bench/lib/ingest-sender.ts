/**
 * @module
 * The backend-alone load (issue 8): a child process of the benchmark
 * (`tsx bench/lib/ingest-sender.ts '<json SenderOptions>'`) that posts to the backend's
 * `POST /internal/ingest` what the edge would forward for the benchmark's corpus, without an edge in
 * the loop, so the backend's throughput is measured against the storage ceiling on its own.
 *
 * The records are built as the edge builds them (core's `normalizeEvent`, then `scrubEvent` with the
 * default data scrubbing config, i.e. quotas + PII "on"), serialized as the edge forwards them: gzip
 * (level 1, as the edge's forwarder) NDJSON batches signed `t=, n=, v1=` with a fresh nonce each. The
 * backend refuses replayed signatures and stores an event id once, so every record of every batch
 * gets its own event id (a run prefix + a counter spliced into the pre-serialized line) and every
 * batch its own signature. All of that is done before the clock starts, up to `maxEvents`, so the
 * sender's own CPU during the run is the HTTP client only. It then keeps `concurrency` requests in
 * flight on keep-alive connections until `seconds` pass or the batches run out.
 *
 * Prints `SENDER_START` when the bodies are built and the first POST goes, then one line
 * `SENDER_JSON <SenderResult>`.
 */
import { randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import { gzipSync } from "node:zlib";
import { normalizeEvent } from "@breakwater/core/normalize";
import { compilePiiConfig, PiiConfigSchema, scrubEvent } from "@breakwater/core/pii";
import type { EventRecord } from "@breakwater/core/schema";
import { SIGNATURE_HEADER, signRequest } from "@breakwater/core/signature";
import { buildCorpus, type CorpusOptions } from "./load/corpus.ts";

/** Options, passed as one JSON argument. */
export interface SenderOptions {
  /** The backend's base URL (http://127.0.0.1:port). */
  backendUrl: string;
  /** The edge ↔ backend signing secret. */
  secret: string;
  projectId: number;
  /** A real key id of that project (outcomes and stats are counted per key). */
  keyId: number;
  corpus: Omit<CorpusOptions, "targets" | "host">;
  /** Records per POST (the edge's forwarder sends up to 500). */
  batch: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Longest run, seconds (the clock starts at the first POST). */
  seconds: number;
  /** Most events sent (bodies are built up front, so this bounds memory and build time too). */
  maxEvents: number;
}

/** What the child prints. */
export interface SenderResult {
  batches: number;
  events: number;
  /** Sums of the backend's answers. */
  accepted: number;
  duplicates: number;
  /** Batches answered non-2xx or failed, and the first few reasons. */
  failed: number;
  failures: string[];
  /** From the first POST to the last answer. */
  seconds: number;
  /** Epoch ms of the first POST and the last answer (the parent's ClickHouse count uses them). */
  startedAt: number;
  endedAt: number;
  /** True when the run ended because the pre-built batches ran out, not the clock. */
  exhausted: boolean;
  /** Seconds spent building and signing the bodies (not part of the run). */
  buildSeconds: number;
  meanBodyBytes: number;
}

/** A valid, recognizable event id spliced out of every line. */
const PLACEHOLDER = "deadbeef".repeat(4);

/** Each record's NDJSON line as the part before and after its event id. */
function recordTemplates(o: SenderOptions): Array<[string, string]> {
  const corpus = buildCorpus({
    ...o.corpus,
    targets: [{ projectId: o.projectId, publicKey: "0".repeat(32) }],
    host: "x",
  });
  const pii = compilePiiConfig(PiiConfigSchema.parse({}));
  const received = Date.now() / 1000;
  return corpus.entries.map((entry) => {
    const normalized = normalizeEvent(JSON.parse(entry.payload), { received });
    const event = { ...scrubEvent(normalized, pii).event, event_id: PLACEHOLDER };
    const record: EventRecord = { kind: "event", project_id: o.projectId, key_id: o.keyId, received, event };
    const line = JSON.stringify(record);
    const at = line.indexOf(`"event_id":"${PLACEHOLDER}"`);
    if (at < 0) throw new Error("event id not found in the serialized record");
    const idAt = at + '"event_id":"'.length;
    return [line.slice(0, idAt), line.slice(idAt + PLACEHOLDER.length)];
  });
}

interface Body {
  bytes: Buffer;
  signature: string;
  events: number;
}

/** Every batch of the run, gzipped and signed (signatures stay valid for 5 minutes). */
function buildBodies(o: SenderOptions): Body[] {
  const templates = recordTemplates(o);
  const prefix = randomBytes(8).toString("hex");
  let counter = 0;
  const bodies: Body[] = [];
  for (let sent = 0; sent < o.maxEvents; sent += o.batch) {
    const lines: string[] = [];
    for (let i = 0; i < o.batch; i++) {
      const [before, after] = templates[counter % templates.length] as [string, string];
      lines.push(`${before}${prefix}${(counter++).toString(16).padStart(16, "0")}${after}`);
    }
    const bytes = gzipSync(`${lines.join("\n")}\n`, { level: 1 });
    bodies.push({ bytes, signature: signRequest(o.secret, bytes), events: lines.length });
  }
  return bodies;
}

function post(url: URL, agent: Agent, body: Body): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-ndjson",
          "content-encoding": "gzip",
          "content-length": body.bytes.byteLength,
          [SIGNATURE_HEADER]: body.signature,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body.bytes);
  });
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? "{}") as SenderOptions;
  const built = performance.now();
  const bodies = buildBodies(o);
  const buildSeconds = (performance.now() - built) / 1000;
  const url = new URL("/internal/ingest", o.backendUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const result: SenderResult = {
    batches: 0,
    events: 0,
    accepted: 0,
    duplicates: 0,
    failed: 0,
    failures: [],
    seconds: 0,
    startedAt: Date.now(),
    endedAt: 0,
    exhausted: false,
    buildSeconds,
    meanBodyBytes: bodies.reduce((a, b) => a + b.bytes.byteLength, 0) / Math.max(1, bodies.length),
  };
  console.log("SENDER_START");
  result.startedAt = Date.now();
  const t0 = performance.now();
  const deadline = t0 + o.seconds * 1000;
  let next = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = bodies[next++];
      if (body === undefined) {
        result.exhausted = true;
        return;
      }
      try {
        const res = await post(url, agent, body);
        result.batches += 1;
        result.events += body.events;
        if (res.status >= 200 && res.status < 300) {
          const answer = JSON.parse(res.text) as { accepted: number; duplicates: number };
          result.accepted += answer.accepted;
          result.duplicates += answer.duplicates;
        } else {
          result.failed += 1;
          if (result.failures.length < 5) result.failures.push(`${res.status} ${res.text.slice(0, 200)}`);
        }
      } catch (e) {
        result.failed += 1;
        if (result.failures.length < 5) result.failures.push(e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  result.seconds = (performance.now() - t0) / 1000;
  result.endedAt = Date.now();
  agent.destroy();
  console.log(`SENDER_JSON ${JSON.stringify(result)}`);
}

await main();
process.exit(0);
