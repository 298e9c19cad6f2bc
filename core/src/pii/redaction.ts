/**
 * @module
 * What happens to a matched value or substring: Relay's redaction methods.
 * @see https://docs.sentry.io/security-legal-pii/scrubbing/advanced-datascrubbing/
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Redaction } from "./config.ts";
import { type Finder, mergeRanges } from "./finders.ts";

/** Marks a value to delete. */
export const REMOVED: unique symbol = Symbol("removed");
export type Removed = typeof REMOVED;

const EMPTY_KEY = new Uint8Array(0);

/**
 * Relay's `hash`: HMAC with an empty key, upper-case hex (SHA-1 as Relay has long done, SHA-256 as
 * its FIPS builds do), so our hashes equal Relay's for the same input and stay joinable across
 * systems. Deterministic and unkeyed, hence no protection for low-entropy values (an IP, a card
 * number can be brute-forced): a pseudonym, not encryption.
 * @example
 * hashText("127.0.0.1") // "AE12FE3B5F129B5CC4CDD2B136B7B7947C4D2741"
 */
export function hashText(text: string, algorithm: "sha1" | "sha256" = "sha1"): string {
  const hash = algorithm === "sha256" ? sha256 : sha1;
  return bytesToHex(hmac(hash, EMPTY_KEY, utf8ToBytes(text))).toUpperCase();
}

/**
 * One `*` per character (code point), so masked text keeps its length.
 * @example
 * maskText("jane") // "****"
 */
export function maskText(text: string): string {
  return "*".repeat([...text].length);
}

/**
 * The replacement for one matched piece of text; `""` for `remove`.
 * @example
 * redactText("10.0.0.1", { method: "replace", text: "[ip]" }) // "[ip]"
 */
export function redactText(text: string, redaction: Redaction): string {
  switch (redaction.method) {
    case "remove":
      return "";
    case "replace":
      return redaction.text;
    case "mask":
      return maskText(text);
    case "hash":
      return hashText(text, redaction.algorithm);
  }
}

/**
 * Redacts a whole value. Non-strings (numbers, objects, arrays) are replaced by a string — their JSON
 * for `mask`/`hash` — except `remove`, which deletes them; Relay can only delete non-strings, but a
 * visible `[Filtered]` tells the reader the key existed.
 * @example
 * redactValue({ user: "a", pass: "b" }, { method: "replace", text: "[Filtered]" }) // "[Filtered]"
 */
export function redactValue(value: unknown, redaction: Redaction): string | Removed {
  if (redaction.method === "remove") return REMOVED;
  return redactText(typeof value === "string" ? value : JSON.stringify(value), redaction);
}

/**
 * Applies `find` to `text` and redacts every range found. Returns `undefined` when nothing matched.
 * @example
 * redactMatches("card 4111 1111 1111 1111", findCreditCards, { method: "replace", text: "[creditcard]" })
 * // "card [creditcard]"
 */
export function redactMatches(text: string, find: Finder, redaction: Redaction): string | undefined {
  const ranges = find(text);
  if (ranges.length === 0) return undefined;
  let out = "";
  let at = 0;
  for (const [start, end] of mergeRanges(ranges)) {
    out += text.slice(at, start) + redactText(text.slice(start, end), redaction);
    at = end;
  }
  return out + text.slice(at);
}
