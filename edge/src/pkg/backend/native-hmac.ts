/**
 * @module
 * The request signature's HMAC-SHA256 through workerd's native `node:crypto` (BoringSSL). Signing
 * every ingest batch with core's pure-JS default cost ~2% of the edge's CPU under load (issue 8's
 * profile): SHA-256 over ~100 KiB of gzip per batch, plus a copy of the body next to its prefix. The
 * header is core's (`signRequestWith`), so the format stays in one place; the backend verifies it
 * with core's pure implementation.
 */
import { createHmac } from "node:crypto";
import type { HmacSha256Hex } from "@breakwater/core/signature";

/** HMAC-SHA256 of prefix then body, hex; the body is hashed where it lies (no concatenation). */
export const nativeHmacSha256Hex: HmacSha256Hex = (secret, prefix, body) =>
  createHmac("sha256", secret).update(prefix).update(body).digest("hex");
