/**
 * @module
 * The load corpus: N gzip-compressed envelopes drawn from a seeded generator, written once to a file
 * that wrk's Lua script replays in a loop (the generator's work is done before the clock starts, so
 * it can never be the bottleneck). Each envelope belongs to one issue, drawn from a Zipf law over
 * `issues` distinct issues; issues are spread over the projects (DSN keys) round-robin; each event
 * has one of `users` users.
 *
 * File format (read by bench/lib/wrk.ts's corpus script): per envelope one line
 * `<path>\t<X-Sentry-Auth>\t<byte length>\n` followed by exactly that many body bytes.
 */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRng, zipf } from "./random.ts";
import { corpusUser, envelopeFor, issueTemplate, type SdkShape, sdkEvent } from "./sdk-events.ts";

/** Where an envelope goes: a project and one of its DSN keys. */
export interface LoadTarget {
  projectId: number;
  publicKey: string;
}

/** Options of {@link buildCorpus}. */
export interface CorpusOptions {
  /** Seed of everything random (same seed, same bytes). Default 1. */
  seed?: number;
  /** Envelopes in the corpus (replayed in a loop). Default 2,000. */
  envelopes?: number;
  /** Distinct issues. Default 500. */
  issues?: number;
  /** Zipf exponent of issue frequency. Default 1.1. */
  zipfExponent?: number;
  /** Distinct users. Default 10,000. */
  users?: number;
  /** SDK shapes, issue i uses shapes[i % n]. Default browser JS twice (the commonest SDK), Node, Python. */
  shapes?: readonly SdkShape[];
  /** Projects and keys; issue i goes to targets[i % n]. */
  targets: readonly LoadTarget[];
  /** Host the DSNs in envelope headers name. */
  host: string;
  /** Event time, Unix seconds. Default now. */
  now?: number;
}

/** Issue i has shape DEFAULT_SHAPES[i % 4]. */
export const DEFAULT_SHAPES: readonly SdkShape[] = ["javascript", "node", "javascript", "python"];

/** One envelope of the corpus. */
export interface CorpusEntry {
  target: LoadTarget;
  issue: number;
  shape: SdkShape;
  /** The envelope as the SDK writes it, before compression. */
  raw: Buffer;
  /** The event payload alone (what `JSON.parse` sees). */
  payload: string;
  /** What goes on the wire (`Content-Encoding: gzip`). */
  gzip: Buffer;
}

/** The corpus and its figures. */
export interface Corpus {
  entries: CorpusEntry[];
  stats: {
    envelopes: number;
    distinctIssues: number;
    distinctUsers: number;
    meanEventBytes: number;
    meanEnvelopeBytes: number;
    meanGzipBytes: number;
    minFrames: number;
    maxFrames: number;
    /** Share of events in the most frequent issue. */
    topIssueShare: number;
    shapes: Record<string, number>;
  };
}

/** The `X-Sentry-Auth` header an SDK of `shape` sends with `key`. */
export function sentryAuth(shape: SdkShape, publicKey: string): string {
  const client =
    shape === "python"
      ? "sentry.python.django/2.19.0"
      : `sentry.javascript.${shape === "node" ? "node" : "react"}/9.12.0`;
  return `Sentry sentry_key=${publicKey}, sentry_version=7, sentry_client=${client}`;
}

/**
 * Builds the corpus deterministically from `o.seed`.
 * @example buildCorpus({ targets: [{ projectId: 1, publicKey: "abc…" }], host: "127.0.0.1:8787" })
 */
export function buildCorpus(o: CorpusOptions): Corpus {
  const rng = createRng(o.seed ?? 1);
  const envelopes = o.envelopes ?? 2_000;
  const issueCount = o.issues ?? 500;
  const users = o.users ?? 10_000;
  const shapes = o.shapes ?? DEFAULT_SHAPES;
  const now = o.now ?? Math.floor(Date.now() / 1000);
  if (o.targets.length === 0) throw new Error("buildCorpus: no targets");
  const templates = Array.from({ length: issueCount }, (_, i) => issueTemplate(i, rng, shapes));
  const drawIssue = zipf(issueCount, o.zipfExponent ?? 1.1);
  const entries: CorpusEntry[] = [];
  const perIssue = new Map<number, number>();
  const seenUsers = new Set<number>();
  const shapeCounts: Record<string, number> = {};
  for (let i = 0; i < envelopes; i++) {
    const issue = templates[drawIssue(rng)] ?? templates[0];
    if (!issue) throw new Error("no issue templates");
    const target = o.targets[issue.index % o.targets.length] as LoadTarget;
    const userIndex = rng.int(0, users - 1);
    seenUsers.add(userIndex);
    const eventTime = now - rng.int(0, 30) + Math.round(rng.next() * 1000) / 1000;
    const payload = JSON.stringify(sdkEvent(issue, corpusUser(userIndex), rng, eventTime));
    const dsn = `http://${target.publicKey}@${o.host}/${target.projectId}`;
    const raw = Buffer.from(envelopeFor(issue.shape, payload, now, dsn));
    entries.push({ target, issue: issue.index, shape: issue.shape, raw, payload, gzip: gzipSync(raw) });
    perIssue.set(issue.index, (perIssue.get(issue.index) ?? 0) + 1);
    shapeCounts[issue.shape] = (shapeCounts[issue.shape] ?? 0) + 1;
  }
  const mean = (f: (e: CorpusEntry) => number) => entries.reduce((a, e) => a + f(e), 0) / entries.length;
  const frames = templates.filter((t) => perIssue.has(t.index)).map((t) => t.frames.length);
  return {
    entries,
    stats: {
      envelopes,
      distinctIssues: perIssue.size,
      distinctUsers: seenUsers.size,
      meanEventBytes: Math.round(mean((e) => Buffer.byteLength(e.payload))),
      meanEnvelopeBytes: Math.round(mean((e) => e.raw.byteLength)),
      meanGzipBytes: Math.round(mean((e) => e.gzip.byteLength)),
      minFrames: Math.min(...frames),
      maxFrames: Math.max(...frames),
      topIssueShare: Math.max(...perIssue.values()) / envelopes,
      shapes: shapeCounts,
    },
  };
}

/** Writes the corpus in the format the wrk corpus script reads. */
export function writeCorpusFile(corpus: Corpus, path: string): void {
  const parts: Buffer[] = [];
  for (const e of corpus.entries) {
    const auth = sentryAuth(e.shape, e.target.publicKey);
    parts.push(Buffer.from(`/api/${e.target.projectId}/envelope/\t${auth}\t${e.gzip.byteLength}\n`), e.gzip);
  }
  writeFileSync(path, Buffer.concat(parts));
}
