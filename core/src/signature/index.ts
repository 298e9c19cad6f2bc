/**
 * @module
 * HMAC request signatures for internal edge ↔ backend calls.
 */
export * from "./hmac.ts";
