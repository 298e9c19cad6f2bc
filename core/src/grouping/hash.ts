/**
 * @module
 * A deterministic, versioned hash of grouping components. SHA-256 (noble, pure, identical in workerd
 * and Node) truncated to 128 bits: the width of Sentry's md5 group hashes.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { GROUPING_VERSION } from "./types.ts";

/** 32 lowercase hex characters for these components under the current grouping version. */
export function hashComponents(components: readonly string[]): string {
  const input = JSON.stringify([GROUPING_VERSION, ...components]);
  return bytesToHex(sha256(utf8ToBytes(input))).slice(0, 32);
}
