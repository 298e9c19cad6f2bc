/**
 * @module
 * Reads a request body through its `Content-Encoding` with a cap on both sides: the bytes the client
 * sends and the bytes decompression produces. Both are counted while streaming, so a decompression bomb
 * is cut off at the cap instead of being inflated into memory, and the rest of the upload is cancelled.
 */
import { gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { err, ok, type Result } from "@breakwater/core/protocol";
import { concatBytes, FEED_BUDGET_BYTES, OutputPump } from "./drain.ts";
import { inflateNodeZlib } from "./node-zlib.ts";

/**
 * Codings the edge decodes. `deflate` is zlib-wrapped per RFC 9110, but some clients send it raw.
 * `br` is what sentry-python sends when the `brotli` package is installed; `zstd` is what Relay sends
 * upstream.
 */
export type ContentCoding = "identity" | "gzip" | "deflate" | "br" | "zstd";

/** Why a body could not be read. */
export type BodyError =
  | { code: "unsupported_encoding"; encoding: string }
  | { code: "too_large"; limit: number }
  | { code: "corrupt"; detail: string };

/**
 * Parses `Content-Encoding`. Absent, empty and `identity` mean no coding; `x-gzip` is gzip. A list is
 * accepted when at most one coding in it is not `identity`.
 * @example parseContentEncoding("br") // ok("br")
 */
export function parseContentEncoding(header: string | null | undefined): Result<ContentCoding, BodyError> {
  const codings = (header ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0) return ok("identity");
  const [coding] = codings;
  if (codings.length === 1 && (coding === "gzip" || coding === "x-gzip")) return ok("gzip");
  if (codings.length === 1 && (coding === "deflate" || coding === "br" || coding === "zstd")) return ok(coding);
  return err({ code: "unsupported_encoding", encoding: header ?? "" });
}

/** Options for {@link readBody}. */
export interface ReadBodyOptions {
  encoding: ContentCoding;
  /** Cap on the bytes read from the client (as sent). */
  maxInputBytes: number;
  /** Cap on the bytes produced (after decompression). */
  maxOutputBytes: number;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads `reader` to the end, failing as soon as more than `limit` bytes arrived. */
async function collect(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
): Promise<Result<Uint8Array, BodyError>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) return err({ code: "too_large", limit });
      chunks.push(value);
    }
  } catch (e) {
    return err({ code: "corrupt", detail: describe(e) });
  }
  return ok(concatBytes(chunks, total));
}

/** Reads until at least two bytes (a zlib header) or the end, to pick the deflate flavour. */
async function peek(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<{ head: Uint8Array; done: boolean }> {
  let head: Uint8Array = new Uint8Array(0);
  while (head.byteLength < 2) {
    const { value, done } = await reader.read();
    if (done) return { head, done: true };
    head = head.byteLength === 0 ? value : concatBytes([head, value], head.byteLength + value.byteLength);
  }
  return { head, done: false };
}

/**
 * Compressed bodies up to this size are read whole and inflated in one native call. SDK envelopes are
 * a few KiB gzipped, and for them the stream plumbing (DecompressionStream, the pump, its timers) cost
 * more than the inflation: ~8% of the edge's CPU under `workerd serve` (issue 8). Bigger bodies stream,
 * so an upload is still cut off early when its output passes the cap.
 */
export const ONE_SHOT_MAX_INPUT_BYTES = 8 * 1024;
/**
 * node:zlib refuses a `maxOutputLength` above 128 MiB (workerd's buffer limit). ≤ 8 KiB of deflate
 * cannot inflate past ~8.3 MiB anyway, so a larger cap is clamped to this without changing anything.
 */
const MAX_ONE_SHOT_OUTPUT_BYTES = 128 * 1024 * 1024;

/** Reads on from `first` while the body stays within `limit` bytes; `done` when it all arrived. */
async function readSmall(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  first: { head: Uint8Array; done: boolean },
  limit: number,
): Promise<{ head: Uint8Array; done: boolean }> {
  const chunks = [first.head];
  let total = first.head.byteLength;
  let done = first.done;
  while (!done && total <= limit) {
    const next = await reader.read();
    done = next.done;
    if (next.value) {
      chunks.push(next.value);
      total += next.value.byteLength;
    }
  }
  return { head: chunks.length === 1 ? first.head : concatBytes(chunks, total), done };
}

/**
 * Inflates a whole small body with node:zlib's one-shot call (native in workerd). `maxOutputLength`
 * makes zlib itself stop at the output cap, so a bomb never grows past it.
 */
function inflateWhole(
  input: Uint8Array,
  format: "gzip" | "deflate" | "deflate-raw",
  options: ReadBodyOptions,
): Result<Uint8Array, BodyError> {
  if (input.byteLength > options.maxInputBytes) return err({ code: "too_large", limit: options.maxInputBytes });
  const inflate = format === "gzip" ? gunzipSync : format === "deflate" ? inflateSync : inflateRawSync;
  try {
    const cap = Math.min(MAX_ONE_SHOT_OUTPUT_BYTES, Math.max(1, options.maxOutputBytes));
    const out = inflate(input, { maxOutputLength: cap });
    // Node hands out a Buffer; callers get a plain Uint8Array.
    return ok(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
  } catch (e) {
    // workerd throws a RangeError ("Memory limit exceeded") at the cap, Node ERR_BUFFER_TOO_LARGE.
    if (e instanceof RangeError || (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      return err({ code: "too_large", limit: options.maxOutputBytes });
    }
    return err({ code: "corrupt", detail: describe(e) });
  }
}

/** RFC 1950: CM = 8, window ≤ 32 KiB, and the two header bytes are a multiple of 31. */
export function isZlibHeader(bytes: Uint8Array): boolean {
  const [cmf = 0, flg = 0] = bytes;
  return bytes.byteLength >= 2 && (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

/** Inflates `input` with a bounded lead over the output pump (see drain.ts for why). */
async function inflate(
  input: ReadableStreamDefaultReader<Uint8Array>,
  format: "gzip" | "deflate" | "deflate-raw",
  first: { head: Uint8Array; done: boolean },
  options: ReadBodyOptions,
): Promise<Result<Uint8Array, BodyError>> {
  const stream = new DecompressionStream(format);
  const writer = stream.writable.getWriter();
  const pump = new OutputPump(stream.readable.getReader(), options.maxOutputBytes);
  const fail = async (error: BodyError): Promise<Result<Uint8Array, BodyError>> => {
    await Promise.all([input.cancel().catch(() => {}), writer.abort().catch(() => {}), pump.cancel()]);
    return err(error);
  };
  let fed = 0;
  let budget = FEED_BUDGET_BYTES;
  try {
    let chunk: Uint8Array | undefined = first.head;
    let done = first.done;
    for (;;) {
      for (let at = 0; chunk && at < chunk.byteLength; ) {
        const slice = chunk.subarray(at, at + budget);
        at += slice.byteLength;
        fed += slice.byteLength;
        if (fed > options.maxInputBytes) return await fail({ code: "too_large", limit: options.maxInputBytes });
        await writer.write(slice);
        budget -= slice.byteLength;
        if (budget === 0) {
          await pump.quiesce();
          budget = FEED_BUDGET_BYTES;
        }
        if (pump.failure) return await fail(pump.failure);
      }
      if (done) break;
      ({ value: chunk, done } = await input.read());
    }
    await writer.close();
  } catch (e) {
    // A write fails on corrupt input, or because the pump gave up and cancelled the output.
    return fail(pump.failure ?? { code: "corrupt", detail: describe(e) });
  }
  await pump.finished;
  return pump.failure ? fail(pump.failure) : ok(pump.bytes());
}

/**
 * Reads and decodes a body with both caps enforced while streaming.
 * @param stream the request body (`null` reads as empty)
 * @example await readBody(request.body, { encoding: "gzip", maxInputBytes: 20 << 20, maxOutputBytes: 1 << 20 })
 */
export async function readBody(
  stream: ReadableStream<Uint8Array> | null,
  options: ReadBodyOptions,
): Promise<Result<Uint8Array, BodyError>> {
  if (stream === null) return ok(new Uint8Array(0));
  const input = stream.getReader();
  if (options.encoding === "identity") {
    const body = await collect(input, Math.min(options.maxInputBytes, options.maxOutputBytes));
    if (!body.ok) await input.cancel().catch(() => {});
    return body;
  }
  let first: { head: Uint8Array; done: boolean };
  try {
    first = await peek(input);
  } catch (e) {
    return err({ code: "corrupt", detail: describe(e) });
  }
  if (options.encoding === "br" || options.encoding === "zstd") {
    return inflateNodeZlib(input, options.encoding, first, options);
  }
  const format = options.encoding === "gzip" ? "gzip" : isZlibHeader(first.head) ? "deflate" : "deflate-raw";
  try {
    first = await readSmall(input, first, ONE_SHOT_MAX_INPUT_BYTES);
  } catch (e) {
    return err({ code: "corrupt", detail: describe(e) });
  }
  if (first.done && first.head.byteLength <= ONE_SHOT_MAX_INPUT_BYTES) return inflateWhole(first.head, format, options);
  return inflate(input, format, first, options);
}
