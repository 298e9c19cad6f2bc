/**
 * @module
 * Random secrets (API tokens, DSN public keys, passwords) and the one-way hash under which API
 * tokens are stored.
 */
import { createHash, randomBytes } from "node:crypto";

/** SHA-256 hex of an API token: what `api_tokens.token_hash` holds. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A new API token: 64 hex characters (256 bits), like Sentry's user auth tokens. */
export function generateApiToken(): string {
  return randomBytes(32).toString("hex");
}

/** A new DSN public key: 32 hex characters, the format Sentry SDKs expect. */
export function generatePublicKey(): string {
  return randomBytes(16).toString("hex");
}

/** A new random password: 24 base64url characters (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
