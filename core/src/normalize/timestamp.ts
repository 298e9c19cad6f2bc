/**
 * @module
 * Event timestamps: epoch seconds or RFC 3339 strings in, epoch seconds (fractional) out, with Relay's
 * clock-drift correction and its bounds on timestamps too far in the future or the past.
 */
import type { Remarks } from "./remarks.ts";

/** Timestamps later than `received` + this are replaced by `received` (Relay: `max_secs_in_future`). */
export const MAX_SECS_IN_FUTURE = 60;
/** Timestamps earlier than `received` - this are replaced by `received` (Relay: 30 days). */
export const MAX_SECS_IN_PAST = 30 * 24 * 3600;
/** A client clock off by at least this much (from `sent_at`) gets its timestamps shifted (Relay: 55 min). */
export const MIN_CLOCK_DRIFT_SECS = 55 * 60;

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?([zZ]|[+-]\d{2}:?\d{2})?$/;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/**
 * Parses a timestamp as SDKs send it. Strings without a zone are UTC (old Python SDKs send them).
 * Fractions beyond milliseconds are kept, which `Date.parse` alone would drop.
 * @returns epoch seconds, or `undefined` when `value` is not a timestamp
 * @example parseTimestamp("2024-05-01T10:00:00.123456Z") // 1714557600.123456
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const s = value.trim();
  if (NUMERIC.test(s)) return Number(s);
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, date, time, fraction, zone] = m;
  let offset = zone === undefined || zone === "z" ? "Z" : zone;
  if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const ms = Date.parse(`${date}T${time}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  return ms / 1000 + (fraction ? Number(`0${fraction}`) : 0);
}

/**
 * Resolves the event's timestamp. Missing → `received`; unparsable → `received` plus an `invalid_data`
 * remark; shifted by the client's clock drift when `sentAt` shows one; clamped to `received` when it
 * lands too far in the future or the past.
 * @param received unix seconds when the edge received the event
 * @param sentAt the envelope header's `sent_at`, when present
 */
export function normalizeTimestamp(raw: unknown, received: number, sentAt: unknown, remarks: Remarks): number {
  if (raw === undefined || raw === null) return received;
  const parsed = parseTimestamp(raw);
  if (parsed === undefined) {
    remarks.invalidData("timestamp", raw);
    return received;
  }
  let timestamp = parsed;
  const sent = parseTimestamp(sentAt);
  if (sent !== undefined) {
    const drift = received - sent;
    if (Math.abs(drift) >= MIN_CLOCK_DRIFT_SECS) {
      remarks.add({ type: "clock_drift", name: "timestamp", sdk_time: sentAt, server_time: received });
      timestamp += drift;
    }
  }
  if (timestamp > received + MAX_SECS_IN_FUTURE) {
    remarks.add({ type: "future_timestamp", name: "timestamp", sdk_time: raw, server_time: received });
    return received;
  }
  if (timestamp < received - MAX_SECS_IN_PAST) {
    remarks.add({ type: "past_timestamp", name: "timestamp", sdk_time: raw, server_time: received });
    return received;
  }
  return timestamp;
}
