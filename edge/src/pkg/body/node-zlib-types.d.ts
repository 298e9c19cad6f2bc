/**
 * The slice of `node:zlib` the body decoder uses. workerd implements `node:zlib` natively (Node's
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
}
