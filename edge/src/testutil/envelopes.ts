/**
 * @module
 * Builders for request bodies: envelopes, compressed bodies, and the exact headers real SDKs send.
 */
import { serializeEnvelope } from "@breakwater/core/protocol";

const encoder = new TextEncoder();

/** An envelope item: its type and a payload (objects are JSON-encoded). */
export interface ItemSpec {
  type: string;
  payload: unknown;
}

/** Serializes an envelope with explicit item lengths. */
export function envelope(header: Record<string, unknown>, items: ItemSpec[]): Uint8Array {
  return serializeEnvelope({
    header,
    items: items.map(({ type, payload }) => ({
      header: { type },
      payload:
        payload instanceof Uint8Array
          ? payload
          : encoder.encode(typeof payload === "string" ? payload : JSON.stringify(payload)),
    })),
  });
}

/** Compresses bytes with `CompressionStream` (`gzip`, `deflate` = zlib, `deflate-raw`). */
export async function compress(bytes: Uint8Array, format: "gzip" | "deflate" | "deflate-raw"): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Compressed zeros, built chunk by chunk so the test never holds the inflated size: a decompression
 * bomb of `inflatedBytes`.
 */
export async function gzipBomb(inflatedBytes: number): Promise<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024);
  const gzip = new CompressionStream("gzip");
  const out = new Response(gzip.readable).arrayBuffer();
  const writer = gzip.writable.getWriter();
  for (let left = inflatedBytes; left > 0; left -= chunk.byteLength) {
    await writer.write(left >= chunk.byteLength ? chunk : chunk.subarray(0, left));
  }
  await writer.close();
  return new Uint8Array(await out);
}

/** A minimal but realistic @sentry/node exception event. */
export function nodeEvent(eventId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: eventId,
    timestamp: Date.now() / 1000,
    platform: "node",
    level: "error",
    environment: "production",
    release: "api@1.0.0",
    exception: {
      values: [
        {
          type: "TypeError",
          value: "x is undefined",
          stacktrace: { frames: [{ filename: "/app/index.js", function: "main", lineno: 3, in_app: true }] },
          mechanism: { type: "generic", handled: true },
        },
      ],
    },
    sdk: { name: "sentry.javascript.node", version: "11.12.0" },
    ...overrides,
  };
}
