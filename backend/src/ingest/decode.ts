/**
 * @module
 * Decodes a `POST /internal/ingest` body (DESIGN 3.2): gzip NDJSON (`Content-Encoding: gzip`) or
 * plain NDJSON, one `IngestRecord` per line. The edge sends only normalized events, so one invalid
 * line means a bug or a version skew: the whole batch is refused with the line numbers, not
 * silently trimmed.
 */
import { gunzip } from "node:zlib";
import { compileFastParser, DEFER } from "@breakwater/core/normalize";
import { err, ok, type Result } from "@breakwater/core/result";
import { type IngestRecord, IngestRecordSchema } from "@breakwater/core/schema";
import { markWellFormed, wellFormedJsonText } from "../pipeline/well-formed.ts";

/** Inflated size cap: 100 events × 1 MiB each (the edge's event limit), with headroom. */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

/**
 * `IngestRecordSchema.safeParse` without zod's per-field allocations for the records that are
 * already exactly what the schema makes (the edge built them with the same schemas): it answers
 * zod's result, reusing the freshly parsed JSON, or defers and zod runs, so refusals and their
 * messages are zod's (issue 8: zod was 10–15% of the backend's CPU under ingest load).
 */
const fastRecord = compileFastParser(IngestRecordSchema, { reuse: true });

/** Most line errors reported back; the rest are counted. */
const MAX_CAUSES = 20;

/** Why a body could not be decoded. */
export type DecodeError =
  | { code: "unsupported_encoding"; encoding: string }
  | { code: "bad_gzip"; message: string }
  | { code: "too_large"; limit: number }
  | { code: "invalid_lines"; causes: string[] }
  /** The body is not valid JSON of the expected shape (`/internal/outcomes`). */
  | { code: "invalid_body"; causes: string[] };

function gunzipAsync(bytes: Uint8Array, maxOutputLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(bytes, { maxOutputLength }, (e, out) => (e ? reject(e) : resolve(out)));
  });
}

/**
 * The body as text: inflated when `Content-Encoding: gzip`, with the inflated size capped.
 * @param encoding the `Content-Encoding` header; absent or `identity` = plain
 * @param maxBytes inflated size cap, default `MAX_DECOMPRESSED_BYTES`
 */
export async function inflateBody(
  body: Uint8Array,
  encoding: string | undefined,
  maxBytes = MAX_DECOMPRESSED_BYTES,
): Promise<Result<string, DecodeError>> {
  const enc = (encoding ?? "identity").trim().toLowerCase();
  if (enc === "gzip" || enc === "x-gzip") {
    try {
      return ok((await gunzipAsync(body, maxBytes)).toString("utf8"));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ERR_BUFFER_TOO_LARGE") return err({ code: "too_large", limit: maxBytes });
      return err({ code: "bad_gzip", message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (enc === "identity" || enc === "") {
    if (body.byteLength > maxBytes) return err({ code: "too_large", limit: maxBytes });
    return ok(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  }
  return err({ code: "unsupported_encoding", encoding: enc });
}

/**
 * Inflates (if gzip) and parses the body.
 * @param encoding the `Content-Encoding` header; absent or `identity` = plain
 * @param maxBytes inflated size cap, default `MAX_DECOMPRESSED_BYTES`
 */
export async function decodeIngestBody(
  body: Uint8Array,
  encoding: string | undefined,
  maxBytes = MAX_DECOMPRESSED_BYTES,
): Promise<Result<IngestRecord[], DecodeError>> {
  const text = await inflateBody(body, encoding, maxBytes);
  return text.ok ? parseNdjson(text.value) : text;
}

/** Parses and validates NDJSON lines; blank lines are skipped. */
export function parseNdjson(text: string): Result<IngestRecord[], DecodeError> {
  const records: IngestRecord[] = [];
  const causes: string[] = [];
  let failed = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    const problem = parseLine(line, records);
    if (problem === null) continue;
    failed++;
    if (causes.length < MAX_CAUSES) causes.push(`line ${i + 1}: ${problem}`);
  }
  if (failed > causes.length) causes.push(`... and ${failed - causes.length} more invalid lines`);
  return failed > 0 ? err({ code: "invalid_lines", causes }) : ok(records);
}

/** Marks the record's payload (event, chunk, counts, report) well-formed when its text says so. */
function markPayload(record: IngestRecord, line: string): void {
  if (!wellFormedJsonText(line)) return;
  for (const value of Object.values(record)) if (typeof value === "object" && value !== null) markWellFormed(value);
}

/** What zod found wrong with a record. */
export interface RecordIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * One record, parsed from `text` (its JSON, owned by the caller), checked against
 * `IngestRecordSchema`: the fast path first, zod when it defers. Its payload is marked well-formed
 * when the text allows. Used for `/internal/ingest` lines and for Kafka messages (the consumer).
 */
export function checkIngestRecord(json: unknown, text: string): Result<IngestRecord, RecordIssue[]> {
  const fast = fastRecord ? fastRecord(json) : DEFER;
  let record: IngestRecord;
  if (fast !== DEFER) record = fast as IngestRecord;
  else {
    const parsed = IngestRecordSchema.safeParse(json);
    if (!parsed.success) return err(parsed.error.issues);
    record = parsed.data;
  }
  markPayload(record, text);
  return ok(record);
}

/** Appends the parsed record and returns null, or returns what is wrong with the line. */
function parseLine(line: string, out: IngestRecord[]): string | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return "not valid JSON";
  }
  const checked = checkIngestRecord(json, line);
  if (!checked.ok) {
    return checked.error
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(record)"}: ${i.message}`)
      .join("; ");
  }
  out.push(checked.value);
  return null;
}
