/**
 * @module
 * Ingest through the real route: signed gzip NDJSON to `/internal/ingest`, as the edge sends it, so
 * a test exercises decoding and, in Kafka mode, the topic and the consumer.
 */
import { gzipSync } from "node:zlib";
import type { IngestRecord } from "@breakwater/core/schema";
import { expect } from "vitest";
import { type Harness, signedHeaders } from "./harness.ts";
import { ndjson } from "./records.ts";

/** Posts `records` and expects a 200; returns the answer. */
export async function ingest(h: Harness, records: readonly IngestRecord[]): Promise<unknown> {
  const body = gzipSync(ndjson(records));
  const res = await h.app.request("/internal/ingest", {
    method: "POST",
    body,
    headers: { "Content-Encoding": "gzip", ...signedHeaders(body) },
  });
  expect(res.status).toBe(200);
  return res.json();
}
