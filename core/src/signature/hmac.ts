/**
 * @module
 * Request signing between edge and backend (DESIGN 3.2):
 * `X-Breakwater-Signature: t=<unix>, v1=<hex hmac-sha256(secret, t + "." + body)>`, accepted within a
 * 5-minute window. Pure (noble's audited SHA-256/HMAC) so the same code signs in workerd and verifies
 * in Node.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { err, ok, type Result } from "../result.ts";

/** Header that carries the signature. */
export const SIGNATURE_HEADER = "X-Breakwater-Signature";

/** Default accepted clock skew / replay window, seconds. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureError =
  | { code: "missing" }
  | { code: "malformed" }
  | { code: "stale"; skewSeconds: number }
  | { code: "mismatch" };

function mac(secret: string, timestamp: number, body: Uint8Array): string {
  const prefix = utf8ToBytes(`${timestamp}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix, 0);
  message.set(body, prefix.length);
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), message));
}

function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === "string" ? utf8ToBytes(body) : body;
}

/**
 * Computes the header value for `body` (the exact bytes sent; "" for a GET).
 * @param now unix seconds, default the current time
 */
export function signRequest(secret: string, body: Uint8Array | string, now = Math.floor(Date.now() / 1000)): string {
  return `t=${now}, v1=${mac(secret, now, toBytes(body))}`;
}

/** Constant-time comparison of two hex strings, so a mismatch leaks no prefix length. */
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Verifies a signature header against the received body.
 * @param now unix seconds, default the current time
 * @param windowSeconds accepted |now - t|, default 300
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: Uint8Array | string,
  now = Math.floor(Date.now() / 1000),
  windowSeconds = SIGNATURE_WINDOW_SECONDS,
): Result<{ timestamp: number }, SignatureError> {
  if (!header) return err({ code: "missing" });
  const fields = new Map<string, string>();
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k && v) fields.set(k, v);
  }
  const t = Number(fields.get("t"));
  const v1 = fields.get("v1");
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return err({ code: "malformed" });
  const skew = Math.abs(now - t);
  if (skew > windowSeconds) return err({ code: "stale", skewSeconds: skew });
  if (!timingSafeEqual(mac(secret, t, toBytes(body)), v1)) return err({ code: "mismatch" });
  return ok({ timestamp: t });
}
