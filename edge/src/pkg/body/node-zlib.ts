/**
 * @module
 * `br` and `zstd` bodies. workerd's `DecompressionStream` knows only `gzip`, `deflate` and
 * `deflate-raw` (it throws for `brotli`, `br` and `zstd`; checked on workerd 2026-11-02), but its
 * native `node:zlib` has Brotli and Zstandard decompressors. They are Node Transform streams: with a
 * `data` listener attached they hand over each output chunk (16 KiB) as soon as it is produced and stop
 * producing once destroyed, so counting in the listener bounds memory by the output cap plus one chunk,
 * even for a bomb inside a single input chunk. No feed budget is needed, unlike `DecompressionStream`
 * (see drain.ts).
 */
import { createBrotliDecompress, createZstdDecompress, type Decompressor } from "node:zlib";
import { err, ok, type Result } from "@breakwater/core/protocol";
import type { BodyError, ReadBodyOptions } from "./decode.ts";
import { concatBytes } from "./drain.ts";

/** The codings this module decodes. */
export type NodeZlibCoding = "br" | "zstd";

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Decompresses `input` (whose first chunk was already read into `first`) with both caps of `options`
 * enforced while streaming; the rest of the upload is cancelled on failure.
 */
export async function inflateNodeZlib(
  input: ReadableStreamDefaultReader<Uint8Array>,
  coding: NodeZlibCoding,
  first: { head: Uint8Array; done: boolean },
  options: ReadBodyOptions,
): Promise<Result<Uint8Array, BodyError>> {
  const stream: Decompressor = coding === "br" ? createBrotliDecompress() : createZstdDecompress();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let failure: BodyError | undefined;
  const stop = (error: BodyError) => {
    failure ??= error;
    stream.destroy();
  };
  const finished = new Promise<void>((resolve) => {
    stream.on("data", (chunk) => {
      total += chunk.byteLength;
      if (total > options.maxOutputBytes) stop({ code: "too_large", limit: options.maxOutputBytes });
      // Node hands out Buffers; keep plain Uint8Arrays so callers never see Node types.
      else chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
    stream.on("error", (e) => {
      failure ??= { code: "corrupt", detail: describe(e) };
      resolve();
    });
    stream.on("end", resolve);
    stream.on("close", resolve);
  });

  let fed = 0;
  try {
    let chunk: Uint8Array | undefined = first.head;
    let done = first.done;
    for (;;) {
      if (chunk && chunk.byteLength > 0 && failure === undefined) {
        fed += chunk.byteLength;
        if (fed > options.maxInputBytes) stop({ code: "too_large", limit: options.maxInputBytes });
        else if (!stream.write(chunk)) {
          await Promise.race([new Promise<void>((resolve) => stream.once("drain", resolve)), finished]);
        }
      }
      if (done || failure !== undefined) break;
      ({ value: chunk, done } = await input.read());
    }
  } catch (e) {
    // Reading the upload failed (client went away, or a truncated chunked body).
    stop({ code: "corrupt", detail: describe(e) });
  }
  if (failure === undefined) stream.end();
  await finished;
  if (failure !== undefined) {
    await input.cancel().catch(() => {});
    return err(failure);
  }
  return ok(concatBytes(chunks, total));
}
