/**
 * @module
 * Size limits of the ingest endpoints (DESIGN 3.1), in bytes.
 */

const MiB = 1024 * 1024;

/** Every size limit the request path enforces. */
export interface IngestLimits {
  /** Largest body as sent (compressed), checked on `Content-Length` and while reading. Default 20 MiB. */
  maxRequestBytes: number;
  /** Largest envelope after decompression. Default 200 MiB. */
  maxEnvelopeBytes: number;
  /** Largest single event (an `event` item, or a store body) after decompression. Default 1 MiB. */
  maxEventBytes: number;
}

/** Relay's defaults, as DESIGN 3.1 lists them. */
export const DEFAULT_LIMITS: IngestLimits = {
  maxRequestBytes: 20 * MiB,
  maxEnvelopeBytes: 200 * MiB,
  maxEventBytes: 1 * MiB,
};
