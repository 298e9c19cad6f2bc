/**
 * @module
 * Size limits of the ingest endpoints (DESIGN 3.1), in bytes unless the name says otherwise. The
 * per-item values are Relay's `limits.max_*_size` defaults (relay-config `Limits`); where Relay has
 * none for an item type, the comment says what we chose and why.
 * @see https://docs.sentry.io/product/relay/options/
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** Every size limit the request path enforces. */
export interface IngestLimits {
  /** Largest body as sent (compressed), checked on `Content-Length` and while reading. Default 20 MiB. */
  maxRequestBytes: number;
  /** Largest envelope after decompression (Relay `max_envelope_size`). Default 200 MiB. */
  maxEnvelopeBytes: number;
  /**
   * Largest event-like item after decompression: `event`, `transaction`, `feedback`, `user_report`,
   * `span`, or a store body (Relay `max_event_size`). Default 1 MiB.
   */
  maxEventBytes: number;
  /** Largest single `attachment` item (Relay `max_attachment_size`, as documented). Default 100 MiB. */
  maxAttachmentBytes: number;
  /** Largest sum of all `attachment` items of one envelope (Relay `max_attachments_size`). Default 100 MiB. */
  maxAttachmentsBytes: number;
  /**
   * Largest `session` or `sessions` item. Relay bounds sessions by count (`max_session_count`) and, in
   * recent versions, by a combined 10 MiB; a session update is ~0.5 KiB and an aggregate a few KiB, so
   * we cap each item at 100 KiB. Default 100 KiB.
   */
  maxSessionBytes: number;
  /** Most `session` + `sessions` items in one envelope (Relay `max_session_count`). Default 100 (items). */
  maxSessionCount: number;
  /** Largest `check_in` item (Relay `max_check_in_size`). Default 100 KiB. */
  maxCheckInBytes: number;
  /** Largest `client_report` item (Relay `max_client_reports_size`). Default 100 KiB. */
  maxClientReportBytes: number;
}

/** Relay's defaults, as DESIGN 3.1 lists them. */
export const DEFAULT_LIMITS: IngestLimits = {
  maxRequestBytes: 20 * MiB,
  maxEnvelopeBytes: 200 * MiB,
  maxEventBytes: 1 * MiB,
  maxAttachmentBytes: 100 * MiB,
  maxAttachmentsBytes: 100 * MiB,
  maxSessionBytes: 100 * KiB,
  maxSessionCount: 100,
  maxCheckInBytes: 100 * KiB,
  maxClientReportBytes: 100 * KiB,
};

/**
 * The size cap of one envelope item of `type`, or `undefined` for types without one (unknown types:
 * they are dropped whatever their size, as Relay does).
 * @example itemSizeLimit("attachment", DEFAULT_LIMITS) // 104857600
 */
export function itemSizeLimit(type: string, limits: IngestLimits): number | undefined {
  switch (type) {
    case "event":
    case "transaction":
    case "feedback":
    case "user_report":
    case "span":
      return limits.maxEventBytes;
    case "attachment":
      return limits.maxAttachmentBytes;
    case "session":
    case "sessions":
      return limits.maxSessionBytes;
    case "check_in":
      return limits.maxCheckInBytes;
    case "client_report":
      return limits.maxClientReportBytes;
    default:
      return undefined;
  }
}
