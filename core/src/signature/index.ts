/**
 * @module
 * HMAC request signatures for internal edge ↔ backend calls, and the seen-set that refuses replays.
 */
export * from "./hmac.ts";
export * from "./replay.ts";
