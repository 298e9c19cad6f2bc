/**
 * @module
 * Request signing between edge and backend (DESIGN 3.2):
 * `X-Breakwater-Signature: t=<unix>, n=<hex nonce>, v1=<hex hmac-sha256(secret, t + "." + n + "." + body)>`,
 * accepted within a 5-minute window. The random nonce makes every signature unique even for the same
 * body in the same second (a retried batch, two isolates asking for the same project config), so the
 * verifier can refuse any signature it has already seen ({@link ReplayGuard}) without refusing
 * legitimate repeats. Pure (noble's audited SHA-256/HMAC, Web Crypto randomness through noble) so the
 * same code signs in workerd and verifies in Node.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { err, ok, type Result } from "../result.ts";

/** Header that carries the signature. */
export const SIGNATURE_HEADER = "X-Breakwater-Signature";

/** Default accepted clock skew / replay window, seconds. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureError =
  | { code: "missing" }
  | { code: "malformed" }
  | { code: "stale"; skewSeconds: number }
  | { code: "mismatch" }
  | { code: "replayed" };

/**
 * HMAC-SHA256 of `prefix` followed by `body`, as lowercase hex. Pure by default; a runtime with a
 * native HMAC can pass its own to {@link signRequestWith} (the edge does: noble's JS SHA-256 over
 * every ingest batch was ~2% of the edge's CPU, issue 8).
 */
export type HmacSha256Hex = (secret: string, prefix: string, body: Uint8Array | string) => string;

/** noble's HMAC over one buffer holding prefix and body. */
export const nobleHmacSha256Hex: HmacSha256Hex = (secret, prefix, body) => {
  const head = utf8ToBytes(prefix);
  const tail = toBytes(body);
  const message = new Uint8Array(head.length + tail.length);
  message.set(head, 0);
  message.set(tail, head.length);
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), message));
};

/** What the MAC covers before the body: `t.n.` (the body follows directly). */
function signedPrefix(timestamp: number, nonce: string): string {
  return `${timestamp}.${nonce}.`;
}

function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === "string" ? utf8ToBytes(body) : body;
}

/**
 * Computes the header value for `body` (the exact bytes sent; "" for a GET).
 * @param now unix seconds, default the current time
 * @param nonce hex, default 16 random bytes; fixed only in tests (known vectors)
 */
export function signRequest(
  secret: string,
  body: Uint8Array | string,
  now = Math.floor(Date.now() / 1000),
  nonce = bytesToHex(randomBytes(16)),
): string {
  return signRequestWith(nobleHmacSha256Hex, secret, body, now, nonce);
}

/** {@link signRequest} with another HMAC-SHA256 implementation; the header is the same. */
export function signRequestWith(
  mac: HmacSha256Hex,
  secret: string,
  body: Uint8Array | string,
  now = Math.floor(Date.now() / 1000),
  nonce = bytesToHex(randomBytes(16)),
): string {
  return `t=${now}, n=${nonce}, v1=${mac(secret, signedPrefix(now, nonce), body)}`;
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
): Result<{ timestamp: number; signature: string }, SignatureError> {
  if (!header) return err({ code: "missing" });
  const fields = new Map<string, string>();
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k && v) fields.set(k, v);
  }
  const t = Number(fields.get("t"));
  const n = fields.get("n");
  const v1 = fields.get("v1");
  if (!Number.isInteger(t) || !n || !/^[0-9a-f]{16,64}$/.test(n) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) {
    return err({ code: "malformed" });
  }
  const skew = Math.abs(now - t);
  if (skew > windowSeconds) return err({ code: "stale", skewSeconds: skew });
  if (!timingSafeEqual(nobleHmacSha256Hex(secret, signedPrefix(t, n), body), v1)) return err({ code: "mismatch" });
  return ok({ timestamp: t, signature: v1 });
}
