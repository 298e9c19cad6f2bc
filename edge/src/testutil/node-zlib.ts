/**
 * @module
 * Brotli and Zstandard bodies for tests, built with workerd's `node:zlib` (`CompressionStream` has
 * neither). Bombs are fed chunk by chunk, so a test never holds their inflated size.
 */
import { constants, createBrotliCompress, createZstdCompress, type Decompressor } from "node:zlib";
import { concatBytes } from "../pkg/body/drain.ts";

/** The codings built here. */
export type NodeZlibFormat = "br" | "zstd";

function compressor(format: NodeZlibFormat): Decompressor {
  // Quality 1: a 1 GiB bomb at brotli's default quality 11 takes minutes.
  return format === "br"
    ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })
    : createZstdCompress();
}

/** Compresses what `feed` writes, and resolves to the compressed bytes. */
async function run(format: NodeZlibFormat, feed: (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>) {
  const stream = compressor(format);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const done = new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk) => {
      chunks.push(chunk);
      total += chunk.byteLength;
    });
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  await feed(async (chunk) => {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once("drain", resolve));
  });
  stream.end();
  await done;
  return concatBytes(chunks, total);
}

/** `bytes` compressed as `format`. */
export function compressNodeZlib(bytes: Uint8Array, format: NodeZlibFormat): Promise<Uint8Array> {
  return run(format, (write) => write(bytes));
}

/** Compressed zeros that inflate to `inflatedBytes`. */
export function nodeZlibBomb(format: NodeZlibFormat, inflatedBytes: number): Promise<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024);
  return run(format, async (write) => {
    for (let left = inflatedBytes; left > 0; left -= chunk.byteLength) {
      await write(left >= chunk.byteLength ? chunk : chunk.subarray(0, left));
    }
  });
}
