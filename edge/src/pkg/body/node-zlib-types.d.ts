/**
 * The slice of `node:zlib` the body decoder and the group-commit forwarder use. workerd implements `node:zlib` natively (Node's
 * compatibility is on by default from compatibility date 2026-08-04); the edge's tsconfig leaves out
 * `@types/node` so that Node globals never type-check in Worker code, hence this declaration.
 */
declare module "node:zlib" {
  /** A decompressor: a Node Transform stream (only the members the decoder uses). */
  export interface Decompressor {
    write(chunk: Uint8Array): boolean;
    end(): void;
    destroy(): void;
    on(event: "data", listener: (chunk: Uint8Array) => void): this;
    on(event: "error", listener: (error: Error) => void): this;
    on(event: "end" | "close" | "drain", listener: () => void): this;
    once(event: "drain" | "close", listener: () => void): this;
  }
  export function createBrotliDecompress(): Decompressor;
  export function createZstdDecompress(): Decompressor;
  // Tests build compressed bodies and bombs with these.
  export function createBrotliCompress(options?: { params?: Record<number, number> }): Decompressor;
  export function createZstdCompress(): Decompressor;
  export const constants: { BROTLI_PARAM_QUALITY: number };
  /** One-shot calls (small bodies, ingest batches); they return a Node Buffer, a Uint8Array. */
  export interface ZlibSyncOptions {
    level?: number;
    /** Throws a RangeError once the output would pass this many bytes (at most 128 MiB in workerd). */
    maxOutputLength?: number;
  }
  export function gzipSync(input: Uint8Array, options?: ZlibSyncOptions): Uint8Array;
  export function gunzipSync(input: Uint8Array, options?: ZlibSyncOptions): Uint8Array;
  export function inflateSync(input: Uint8Array, options?: ZlibSyncOptions): Uint8Array;
  export function inflateRawSync(input: Uint8Array, options?: ZlibSyncOptions): Uint8Array;
}
