/**
 * @module
 * Cheap necessary conditions for the detectors. One pass over a string's characters gives its
 * features (which marker characters it has, how many ASCII digits); a detector whose `needs` the
 * features do not meet cannot find anything in it and is skipped without running its regex. This is
 * what makes scrubbing a clean string cheap: most strings of an event (file names, source lines,
 * messages) fail every detector's needs, and the walk then runs only the key rules on them.
 *
 * A percent-escape (`%` and two hex digits) disables the prefilter: detectors also scan the
 * percent-decoded text, where `%40` is an `@`. Other percent signs (`%s`, `50%`) decode to themselves. Only ASCII characters count: the detectors' regexes have no `u` flag, so `\d`,
 * `[A-Z]` and, under `i`, letters only ever match ASCII.
 */

/** Marker characters, as bits of a string's features. */
export const CH = {
  UPPER: 1 << 0,
  AT: 1 << 1,
  /** A percent-escape: `%` and two hex digits. */
  PERCENT: 1 << 2,
  DASH: 1 << 3,
  COLON: 1 << 4,
  SLASH: 1 << 5,
  BACKSLASH: 1 << 6,
  DOT: 1 << 7,
  EQUALS: 1 << 8,
  /** `b` or `B` (every `Bearer`). */
  B: 1 << 9,
} as const;

/** Bits are below this; the digit count is stored above it. */
const DIGIT_UNIT = 1 << 16;
/** Counts stop here: no detector needs more digits, and the packed number stays a small integer. */
const MAX_DIGITS = 1000;

/** Features of each ASCII character: its marker bit, or `DIGIT_UNIT` for a digit. */
const TABLE = (() => {
  const table = new Int32Array(128);
  for (let c = 65; c <= 90; c++) table[c] = CH.UPPER;
  for (let c = 48; c <= 57; c++) table[c] = DIGIT_UNIT;
  const marks: [string, number][] = [
    ["@", CH.AT],
    ["-", CH.DASH],
    [":", CH.COLON],
    ["/", CH.SLASH],
    ["\\", CH.BACKSLASH],
    [".", CH.DOT],
    ["=", CH.EQUALS],
  ];
  for (const [ch, bit] of marks) table[ch.charCodeAt(0)] = bit;
  table[66] = CH.UPPER | CH.B;
  table[98] = CH.B;
  return table;
})();

/** `[0-9A-Fa-f]`; false for `NaN` (past the end). */
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * The features of `text`, packed in one integer: marker bits below 2^16, the number of ASCII digits
 * (capped at 1,000) above.
 * @example
 * digitCount(textFeatures("4111 1111 1111 1111")) // 16
 */
export function textFeatures(text: string): number {
  let bits = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const f = TABLE[c]!;
      if (f === DIGIT_UNIT) digits++;
      else bits |= f;
      if (c === 37 && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) bits |= CH.PERCENT;
    }
  }
  return bits + Math.min(digits, MAX_DIGITS) * DIGIT_UNIT;
}

/** The number of ASCII digits in packed features. */
export function digitCount(features: number): number {
  return Math.floor(features / DIGIT_UNIT);
}

/** What a text must have for a detector to find anything in it. */
export interface Need {
  /** Marker bits that must all be present (`CH`). */
  chars?: number;
  /** At least this many ASCII digits. */
  digits?: number;
  /** At least this many UTF-16 code units. */
  length?: number;
  /** Then also this (a regex simpler than the detector's own), tested only when the rest holds. */
  pattern?: RegExp;
}

/**
 * True when `text` (with `features` from `textFeatures(text)`) meets at least one of `needs`, or has a
 * percent-escape. No `needs`: always true.
 * @example
 * mayMatch("call 078-05-1120", textFeatures("call 078-05-1120"), [{ chars: CH.DASH, digits: 9 }]) // true
 */
export function mayMatch(text: string, features: number, needs: readonly Need[] | undefined): boolean {
  if (needs === undefined || (features & CH.PERCENT) !== 0) return true;
  for (const need of needs) {
    const chars = need.chars ?? 0;
    if ((features & chars) !== chars || digitCount(features) < (need.digits ?? 0) || text.length < (need.length ?? 0)) {
      continue;
    }
    if (need.pattern === undefined || need.pattern.test(text)) return true;
  }
  return false;
}
