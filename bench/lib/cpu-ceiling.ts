/**
 * @module
 * The CPU ceiling (issue 8): `JSON.parse` of the corpus's event payloads on one core, in the
 * benchmark's own process while nothing else of its runs. Every edge request parses one such payload
 * at least once, so no edge on one core can beat this; the edge's envelopes/s is reported as a share
 * of it.
 */
import type { CorpusEntry } from "./load/corpus.ts";

/** Parses the payloads round-robin for `seconds`; returns payloads per second. */
export function jsonParseCeiling(entries: readonly CorpusEntry[], seconds: number): number {
  const payloads = entries.map((e) => e.payload);
  let parsed = 0;
  let sink = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++) {
      const value = JSON.parse(payloads[parsed++ % payloads.length] ?? "{}") as { level?: string };
      sink += value.level?.length ?? 0;
    }
  }
  // `sink` keeps the parse from being optimized away.
  return sink >= 0 ? parsed / ((performance.now() - started) / 1000) : 0;
}
