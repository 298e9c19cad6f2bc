/**
 * @module
 * Event ids: 32 lowercase hex characters without dashes, as Sentry stores them. SDKs send either that
 * or a dashed UUID, in any case.
 */
import { bytesToHex, randomBytes } from "@noble/hashes/utils.js";
import { EVENT_FIELD_SCHEMAS } from "../schema/index.ts";

const CANONICAL = /^[0-9a-f]{32}$/;

/**
 * Canonicalizes an event id, or returns `undefined` when `value` is not one.
 * @example canonicalEventId("9EC79C33-EC99-42AB-8353-589FCB2E04DC") // "9ec79c33ec9942ab8353589fcb2e04dc"
 */
export function canonicalEventId(value: unknown): string | undefined {
  if (!EVENT_FIELD_SCHEMAS.event_id.safeParse(value).success) return undefined;
  // The schema admits 36 characters of hex and dashes; only a real UUID layout survives this.
  const id = String(value).replaceAll("-", "").toLowerCase();
  return CANONICAL.test(id) ? id : undefined;
}

/** A new random (v4-like) event id in canonical form. */
export function generateEventId(): string {
  const bytes = randomBytes(16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return bytesToHex(bytes);
}
