/**
 * @module
 * Store bodies of old SDKs (raven-python, raven-ruby, raven-php and the like), which sent the event
 * JSON base64-encoded, often zlib-deflated first, with no `Content-Encoding`. As Relay does, the body
 * is taken as JSON when it starts with `{`; otherwise it must be base64, and the decoded bytes are JSON
 * when they start with `{`, else zlib (raw deflate is accepted too). Leading JSON whitespace is skipped
 * before looking for the `{`. A body that is none of these but parses as JSON (`null`, `[1]`) is passed
 * through unchanged, so that the caller reports "not a JSON object" rather than a base64 error.
 * @see https://github.com/getsentry/relay/blob/master/relay-server/src/endpoints/store.rs (decode_event)
 */
import { err, ok, type Result } from "@breakwater/core/protocol";
import { type BodyError, readBody } from "./decode.ts";

/** Why a legacy body could not be decoded. */
export type LegacyBodyError = { code: "invalid_base64"; detail: string } | BodyError;

const OPEN_BRACE = 0x7b;

/** True when the first byte after JSON whitespace is `{`. */
export function startsWithJsonObject(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === OPEN_BRACE;
  }
  return false;
}

/** Standard base64 (padding optional, ASCII whitespace ignored, as `atob` does). */
function decodeBase64(bytes: Uint8Array): Result<Uint8Array, LegacyBodyError> {
  for (const byte of bytes) {
    if (byte > 0x7f) return err({ code: "invalid_base64", detail: "non-ASCII byte in a base64 body" });
  }
  let binary: string;
  try {
    binary = atob(new TextDecoder().decode(bytes));
  } catch (e) {
    return err({ code: "invalid_base64", detail: e instanceof Error ? e.message : String(e) });
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return ok(out);
}

/**
 * Decodes a store body (already decoded from its `Content-Encoding`) into the event's JSON bytes.
 * @param maxOutputBytes cap on the JSON bytes (the event cap); inflation stops as soon as it is passed
 * @example await decodeLegacyStoreBody(new TextEncoder().encode(btoa('{"message":"hi"}')), 1 << 20)
 */
export async function decodeLegacyStoreBody(
  body: Uint8Array,
  maxOutputBytes: number,
): Promise<Result<Uint8Array, LegacyBodyError>> {
  if (body.byteLength === 0 || startsWithJsonObject(body)) return ok(body);
  const decoded = await decodeEncodedBody(body, maxOutputBytes);
  return decoded.ok || decoded.error.code === "too_large" || !isJson(body) ? decoded : ok(body);
}

async function decodeEncodedBody(
  body: Uint8Array,
  maxOutputBytes: number,
): Promise<Result<Uint8Array, LegacyBodyError>> {
  const binary = decodeBase64(body);
  if (!binary.ok) return binary;
  if (startsWithJsonObject(binary.value)) {
    return binary.value.byteLength > maxOutputBytes ? err({ code: "too_large", limit: maxOutputBytes }) : binary;
  }
  return readBody(new Blob([binary.value]).stream(), {
    encoding: "deflate",
    maxInputBytes: binary.value.byteLength,
    maxOutputBytes,
  });
}

function isJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(bytes));
    return true;
  } catch {
    return false;
  }
}
