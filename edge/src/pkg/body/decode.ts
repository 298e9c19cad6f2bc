/**
 * @module
 * Reads a request body through its `Content-Encoding` with a cap on both sides: the bytes the client
 * sends and the bytes decompression produces. Both are counted while streaming, so a decompression bomb
 * is cut off at the cap instead of being inflated into memory, and the rest of the upload is cancelled.
 */
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
  return inflate(input, format, first, options);
}
