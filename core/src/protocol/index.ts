/**
 * @module
 * The Sentry wire protocol: envelopes, client auth, DSNs and the rate-limit header. Pure: bytes and
 * strings in, typed values or typed errors out.
 */

export { err, ok, type Result } from "../result.ts";
export * from "./auth.ts";
export * from "./dsn.ts";
export * from "./envelope.ts";
export * from "./rate-limits.ts";
