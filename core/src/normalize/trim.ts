/**
 * @module
 * Relay's string trimming (relay-event-normalization `TrimmingProcessor`, `trim_string`): a string
 * longer than its field's `max_chars` keeps its first `max - 3` characters followed by `...`, so the
 * result is exactly `max` characters. Characters are Unicode code points, as Relay counts them, so a
 * surrogate pair is never split. Each trim is annotated in `errors` as
 * `{type: "value_too_long", name, original_length}`: Sentry's error name, with Relay's
 * `original_length` meta saying the value was shortened rather than discarded.
 */
import type { Remarks } from "./remarks.ts";

/** Relay's `MaxChars::Message`: `logentry.message` and `logentry.formatted`. */
export const MAX_MESSAGE_CHARS = 8192;
/** Relay's `max_chars = 200` on `culprit`. */
export const MAX_CULPRIT_CHARS = 200;
/** Relay's `max_chars = 200` on `transaction`. */
export const MAX_TRANSACTION_CHARS = 200;

const ELLIPSIS = "...";

/** The number of code points in `value`, counting no further than `limit + 1`. */
function codePointsUpTo(value: string, limit: number): number {
  let count = 0;
  for (const _ of value) {
    count += 1;
    if (count > limit) break;
  }
  return count;
}

/** The first `n` code points of `value`. */
function headCodePoints(value: string, n: number): string {
  let end = 0;
  let taken = 0;
  for (const char of value) {
    if (taken === n) break;
    end += char.length;
    taken += 1;
  }
  return value.slice(0, end);
}

/** The number of code points in `value`. */
function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/**
 * Trims `value` to `max` characters (code points), ending in `...`, and remarks the change.
 * @param name the field's path in the event, for the remark (`culprit`, `logentry.formatted`)
 * @returns `value` unchanged when it fits
 * @example trimString("x".repeat(300), 200, "culprit", remarks) // "xxx…x..." (200 characters)
 */
export function trimString(value: string, max: number, name: string, remarks: Remarks): string {
  // UTF-16 length bounds the code point count from above: most strings are decided here.
  if (value.length <= max || codePointsUpTo(value, max) <= max) return value;
  remarks.add({ type: "value_too_long", name, original_length: codePoints(value) });
  return headCodePoints(value, max - ELLIPSIS.length) + ELLIPSIS;
}
