/**
 * @module
 * Seals the backend session token before it goes into the cookie. React Router's cookie storage
 * signs its cookies but does not encrypt them (the value is base64 JSON), so without this a copied
 * cookie would hand over a bearer token for the backend's API itself. AES-256-GCM with a key
 * derived from each session secret; opening tries every secret, so rotation keeps sessions.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyFor(secret: string): Buffer {
  return createHash("sha256").update(`breakwater-dashboard-token:${secret}`).digest();
}

/** `token` encrypted with the newest secret: base64url of iv | tag | ciphertext. */
export function sealToken(token: string, secrets: readonly string[]): string {
  const secret = secrets[0];
  if (!secret) throw new Error("no session secret");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The token inside `sealed`, or null when no secret opens it (tampered, or from another secret). */
export function openToken(sealed: string, secrets: readonly string[]): string | null {
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) return null;
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const body = raw.subarray(IV_BYTES + TAG_BYTES);
  for (const secret of secrets) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    } catch {
      // Not this secret; try the next.
    }
  }
  return null;
}
