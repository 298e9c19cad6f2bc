/**
 * @module
 * Builds the ingest body, gzip NDJSON, one record per line, compressing while records are added so a
 * batch of large (R2) events never sits in memory uncompressed all at once.
 */
import type { IngestRecord } from "@breakwater/core/schema";

const encoder = new TextEncoder();

/** Streams records through `CompressionStream("gzip")`. */
export class GzipNdjsonWriter {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly compressed: Promise<ArrayBuffer>;
  private lines = 0;

  constructor() {
    const gzip = new CompressionStream("gzip");
    this.writer = gzip.writable.getWriter();
    // Drain concurrently, or writes would stall on backpressure.
    this.compressed = new Response(gzip.readable).arrayBuffer();
  }

  /** Number of records written. */
  get count(): number {
    return this.lines;
  }

  /** Appends one record as a line. */
  async add(record: IngestRecord): Promise<void> {
    await this.writer.write(encoder.encode(`${JSON.stringify(record)}\n`));
    this.lines += 1;
  }

  /** Ends the stream and returns the gzip bytes. */
  async finish(): Promise<Uint8Array> {
    await this.writer.close();
    return new Uint8Array(await this.compressed);
  }

  /** Abandons the stream (nothing to send). */
  async discard(): Promise<void> {
    await this.writer.abort().catch(() => {});
    await this.compressed.catch(() => {});
  }
}

/** Gzip NDJSON for a list of records (tests and small batches). */
export async function gzipNdjson(records: Iterable<IngestRecord>): Promise<Uint8Array> {
  const writer = new GzipNdjsonWriter();
  for (const record of records) await writer.add(record);
  return writer.finish();
}
