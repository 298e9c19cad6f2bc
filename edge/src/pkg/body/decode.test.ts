import { describe, expect, it } from "vitest";
import { compress, gzipBomb } from "../../testutil/envelopes.ts";
import { compressNodeZlib, nodeZlibBomb } from "../../testutil/node-zlib.ts";
import { isZlibHeader, ONE_SHOT_MAX_INPUT_BYTES, parseContentEncoding, readBody } from "./decode.ts";
import { FEED_BUDGET_BYTES } from "./drain.ts";

const text = new TextEncoder().encode('{"message":"hello"}'.repeat(50));
const big = { maxInputBytes: 1 << 30, maxOutputBytes: 1 << 30 };

/** A body stream that hands out `bytes` in `chunkSize` pieces on demand and counts what was pulled. */
function meteredStream(bytes: Uint8Array, chunkSize = 1024) {
  const meter = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (meter.pulled >= bytes.byteLength) return controller.close();
      const chunk = bytes.slice(meter.pulled, meter.pulled + chunkSize);
      meter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      meter.cancelled = true;
    },
  });
  return { stream, meter };
}

const streamOf = (bytes: Uint8Array) => new Blob([bytes]).stream();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe("parseContentEncoding", () => {
  it.each([
    [null, "identity"],
    ["", "identity"],
    ["identity", "identity"],
    ["gzip", "gzip"],
    ["GZIP", "gzip"],
    ["x-gzip", "gzip"],
    ["deflate", "deflate"],
    ["identity, gzip", "gzip"],
    ["br", "br"],
    ["BR", "br"],
    ["zstd", "zstd"],
    ["identity, zstd", "zstd"],
  ])("%j → %s", (header, expected) => {
    expect(parseContentEncoding(header)).toEqual({ ok: true, value: expected });
  });

  it.each([["br, gzip"], ["gzip, deflate"], ["compress"], ["brotli"]])("refuses %s", (header) => {
    expect(parseContentEncoding(header)).toEqual({
      ok: false,
      error: { code: "unsupported_encoding", encoding: header },
    });
  });
});

describe("isZlibHeader", () => {
  it("recognises zlib and not raw deflate", async () => {
    expect(isZlibHeader(await compress(text, "deflate"))).toBe(true);
    expect(isZlibHeader(await compress(text, "deflate-raw"))).toBe(false);
    expect(isZlibHeader(new Uint8Array([0x78]))).toBe(false);
  });
});

describe("readBody", () => {
  it("reads null as empty", async () => {
    expect(await readBody(null, { encoding: "gzip", ...big })).toEqual({ ok: true, value: new Uint8Array(0) });
  });

  it.each([
    ["identity", "identity", async (b: Uint8Array) => b],
    ["gzip", "gzip", (b: Uint8Array) => compress(b, "gzip")],
    ["zlib deflate", "deflate", (b: Uint8Array) => compress(b, "deflate")],
    ["raw deflate", "deflate", (b: Uint8Array) => compress(b, "deflate-raw")],
    ["brotli", "br", (b: Uint8Array) => compressNodeZlib(b, "br")],
    ["zstd", "zstd", (b: Uint8Array) => compressNodeZlib(b, "zstd")],
  ] as const)("decodes %s", async (_name, encoding, encode) => {
    const result = await readBody(streamOf(await encode(text)), { encoding, ...big });
    expect(result).toEqual({ ok: true, value: text });
  });

  it("decodes a large body fed through many slices without losing a chunk", async () => {
    // Pseudo-random digits: compressible, but not degenerate, so output arrives in many chunks.
    let seed = 42;
    const large = new TextEncoder().encode(
      Array.from({ length: 200_000 }, () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed.toString(36);
      }).join(","),
    );
    for (const format of ["gzip", "deflate", "deflate-raw"] as const) {
      const { stream } = meteredStream(await compress(large, format), 10_000);
      const result = await readBody(stream, { encoding: format === "gzip" ? "gzip" : "deflate", ...big });
      // A byte loop: deep equality on megabytes of typed array takes vitest seconds.
      expect(result.ok && sameBytes(result.value, large)).toBe(true);
    }
    for (const format of ["br", "zstd"] as const) {
      const { stream } = meteredStream(await compressNodeZlib(large, format), 10_000);
      const result = await readBody(stream, { encoding: format, ...big });
      expect(result.ok && sameBytes(result.value, large)).toBe(true);
    }
  });

  it("decodes a body delivered one byte at a time", async () => {
    const { stream } = meteredStream(await compress(text, "deflate"), 1);
    expect(await readBody(stream, { encoding: "deflate", ...big })).toEqual({ ok: true, value: text });
  });

  it("caps identity bodies by the smaller limit", async () => {
    const result = await readBody(streamOf(text), {
      encoding: "identity",
      maxInputBytes: 1 << 20,
      maxOutputBytes: 100,
    });
    expect(result).toEqual({ ok: false, error: { code: "too_large", limit: 100 } });
  });

  it("caps the compressed input", async () => {
    const gz = await compress(text, "gzip");
    const result = await readBody(streamOf(gz), { encoding: "gzip", maxInputBytes: 10, maxOutputBytes: 1 << 20 });
    expect(result).toEqual({ ok: false, error: { code: "too_large", limit: 10 } });
  });

  it("stops a decompression bomb at the output cap without reading the whole upload", async () => {
    const bomb = await gzipBomb(256 * 1024 * 1024);
    const { stream, meter } = meteredStream(bomb, 1024);
    const result = await readBody(stream, { encoding: "gzip", maxInputBytes: 1 << 30, maxOutputBytes: 1024 * 1024 });
    expect(result).toEqual({ ok: false, error: { code: "too_large", limit: 1024 * 1024 } });
    // 1 MiB of zeros is ~1 KiB of gzip. At most one feed budget (~16 KiB) goes in before the pump
    // catches up, so a ~256 KiB upload is cut off near its start and cancelled.
    expect(meter.pulled).toBeLessThanOrEqual(FEED_BUDGET_BYTES + 2 * 1024);
    expect(meter.cancelled).toBe(true);
  });

  it("never lets the decompressor hold more than one feed budget of unread output", async () => {
    // 1 GiB bomb, 200 MiB cap: the pump reads 200 MiB while the feeder waits at every budget.
    const bomb = await gzipBomb(1024 * 1024 * 1024);
    const { stream, meter } = meteredStream(bomb, 64 * 1024);
    const limit = 200 * 1024 * 1024;
    const result = await readBody(stream, { encoding: "gzip", maxInputBytes: 1 << 30, maxOutputBytes: limit });
    expect(result).toEqual({ ok: false, error: { code: "too_large", limit } });
    // Fed ≈ what 200 MiB of output needs (~200 KiB) plus one budget and one upload chunk, not the ~1 MiB upload.
    expect(meter.pulled).toBeLessThan(bomb.byteLength / 3);
  }, 30_000);

  it("stops a small bomb read in one piece at the output cap too", async () => {
    // 4 MiB of zeros is ~4 KiB of gzip: small enough for the one-shot path (ONE_SHOT_MAX_INPUT_BYTES).
    const bomb = await gzipBomb(4 * 1024 * 1024);
    expect(bomb.byteLength).toBeLessThanOrEqual(ONE_SHOT_MAX_INPUT_BYTES);
    for (const limit of [1024 * 1024, 4 * 1024 * 1024 - 1]) {
      const result = await readBody(streamOf(bomb), {
        encoding: "gzip",
        maxInputBytes: 1 << 20,
        maxOutputBytes: limit,
      });
      expect(result).toEqual({ ok: false, error: { code: "too_large", limit } });
    }
    const exact = await readBody(streamOf(bomb), { encoding: "gzip", maxInputBytes: 1 << 20, maxOutputBytes: 4 << 20 });
    expect(exact.ok && exact.value.byteLength).toBe(4 << 20);
  });

  it("reports corrupt compressed data", async () => {
    const result = await readBody(streamOf(text), { encoding: "gzip", ...big });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("corrupt");
  });

  it("reports a truncated gzip stream", async () => {
    const gz = await compress(text, "gzip");
    const result = await readBody(streamOf(gz.subarray(0, gz.byteLength - 12)), { encoding: "gzip", ...big });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("corrupt");
  });

  it("reports a failing upload", async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("client went away"));
      },
    });
    const result = await readBody(stream, { encoding: "gzip", ...big });
    expect(result).toEqual({ ok: false, error: { code: "corrupt", detail: "client went away" } });
  });
});

describe("readBody with br and zstd (workerd's node:zlib)", () => {
  it.each(["br", "zstd"] as const)(
    "stops a 1 GiB %s bomb at the output cap and cancels the upload",
    async (format) => {
      const bomb = await nodeZlibBomb(format, 1024 * 1024 * 1024);
      // Small upload chunks, so that there is an upload left to cancel.
      const { stream, meter } = meteredStream(bomb, 64);
      const limit = 1024 * 1024;
      const result = await readBody(stream, { encoding: format, maxInputBytes: 1 << 30, maxOutputBytes: limit });
      expect(result).toEqual({ ok: false, error: { code: "too_large", limit } });
      expect(meter.cancelled).toBe(true);
      expect(meter.pulled).toBeLessThan(bomb.byteLength);
    },
    60_000,
  );

  it.each(["br", "zstd"] as const)("caps the compressed %s input", async (format) => {
    const body = await compressNodeZlib(text, format);
    const result = await readBody(streamOf(body), { encoding: format, maxInputBytes: 10, maxOutputBytes: 1 << 20 });
    expect(result).toEqual({ ok: false, error: { code: "too_large", limit: 10 } });
  });

  it.each(["br", "zstd"] as const)("reports a %s body that is not what it says", async (format) => {
    const result = await readBody(streamOf(text), { encoding: format, ...big });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("corrupt");
  });

  it.each(["br", "zstd"] as const)("reports a truncated %s stream", async (format) => {
    const body = await compressNodeZlib(text, format);
    const result = await readBody(streamOf(body.subarray(0, body.byteLength - 4)), { encoding: format, ...big });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("corrupt");
  });

  it("reports a failing br upload", async () => {
    let first = true;
    const head = await compressNodeZlib(text, "br");
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (first) {
          first = false;
          controller.enqueue(head.subarray(0, 4));
        } else controller.error(new Error("client went away"));
      },
    });
    expect(await readBody(stream, { encoding: "br", ...big })).toEqual({
      ok: false,
      error: { code: "corrupt", detail: "client went away" },
    });
  });
});
