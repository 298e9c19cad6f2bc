/**
 * @module
 * Reading a decompressor's output without letting it run ahead of us. workerd's `DecompressionStream`
 * inflates eagerly inside `write()` and applies no backpressure: writing 1 MiB of a gzip bomb without
 * reading grew the isolate by 1 GiB (measured on workerd 2026-11). So a pump reads the output
 * continuously, counting every byte against the cap, and the feeder writes at most
 * {@link FEED_BUDGET_BYTES} of input before waiting until the pump has caught up: the output held
 * inside the decompressor never exceeds {@link MAX_PENDING_OUTPUT_BYTES}.
 */

/** Deflate's worst-case expansion (RFC 1951 length/distance coding): ~1032 bytes out per byte in. */
export const MAX_INFLATE_RATIO = 1032;
/** Bound on inflated-but-unread bytes inside the decompressor. */
export const MAX_PENDING_OUTPUT_BYTES = 16 * 1024 * 1024;
/** Input that may be written between two waits: ~16 KiB. Typical SDK bodies fit in one budget. */
export const FEED_BUDGET_BYTES = Math.floor(MAX_PENDING_OUTPUT_BYTES / MAX_INFLATE_RATIO);

/** Why the pump stopped early. */
export type PumpError = { code: "too_large"; limit: number } | { code: "corrupt"; detail: string };

/**
 * A 0 ms timer: KJ polls timers only once its queue of ready events is empty, so a read of output the
 * decompressor already holds completes before this fires.
 */
function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Reads a stream to its end in the background, keeping at most `limit` bytes. */
export class OutputPump {
  /** Set when the pump stopped early; the stream has then been cancelled. */
  failure: PumpError | undefined;
  /** Settles when the pump stops, at the end of the stream or on failure. */
  readonly finished: Promise<void>;
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  private reads = 0;
  private stopped = false;

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly limit: number,
  ) {
    this.finished = this.run().finally(() => {
      this.stopped = true;
    });
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) return;
        this.reads += 1;
        this.total += value.byteLength;
        if (this.total > this.limit) {
          this.failure ??= { code: "too_large", limit: this.limit };
          await this.cancel();
          return;
        }
        this.chunks.push(value);
      }
    } catch (e) {
      this.failure ??= { code: "corrupt", detail: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Resolves once a whole timer tick passes without a completed read (all ready output consumed). */
  async quiesce(): Promise<void> {
    for (;;) {
      const before = this.reads;
      await tick();
      if (this.stopped || this.reads === before) return;
    }
  }

  /** The bytes read, as one array. */
  bytes(): Uint8Array {
    return concatBytes(this.chunks, this.total);
  }

  /** Stops reading. */
  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}

/** Concatenates chunks whose total length is known. */
export function concatBytes(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
