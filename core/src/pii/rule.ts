/**
 * @module
 * A compiled rule and how it applies to one value. Relay's three pattern kinds map to matcher kinds:
 * `key` (the key decides, the value is replaced whole), `keyValue` (the key, or the value containing
 * the pattern, decides; replaced whole) and `find` (ranges inside a string are redacted).
 */
import type { Redaction } from "./config.ts";
import type { Finder } from "./finders.ts";
import type { Need } from "./prefilter.ts";
import { REMOVED, type Removed, redactMatches, redactValue } from "./redaction.ts";

/**
 * How a rule decides. `needs`, when present, are cheap necessary conditions (`prefilter.ts`): a text
 * that meets none of them (and has no `%`) cannot match, and the walk skips the rule for it.
 */
export type RuleMatcher =
  | { kind: "anything" }
  | { kind: "key"; pattern: RegExp }
  | { kind: "keyValue"; pattern: RegExp }
  | { kind: "find"; find: Finder; needs?: readonly Need[] };

/** One matcher with its redaction; a configured rule may compile to several. */
export interface CompiledRule {
  /** The rule id it came from (`@password:filter`, `strip-fields`, a custom id). */
  id: string;
  matcher: RuleMatcher;
  redaction: Redaction;
}

/** Strings that carry no data; Relay leaves them alone so that `"null"` never becomes `[Filtered]`. */
export const INERT = new Set(["", "true", "false", "null", "undefined"]);

/** `INERT.has(text)`, without hashing long texts. */
export function isInert(text: string): boolean {
  return text.length <= 9 && INERT.has(text);
}

/** Key verdicts per regex: events repeat the same few hundred keys, regexes are the costly part. */
const keyVerdicts = new WeakMap<RegExp, Map<string, boolean>>();
const MAX_REMEMBERED_KEYS = 2000;

function verdictsOf(pattern: RegExp): Map<string, boolean> {
  let verdicts = keyVerdicts.get(pattern);
  if (!verdicts) {
    verdicts = new Map();
    keyVerdicts.set(pattern, verdicts);
  }
  return verdicts;
}

function keyMatchesIn(verdicts: Map<string, boolean>, pattern: RegExp, key: string | undefined): boolean {
  if (key === undefined) return false;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = pattern.test(key);
    if (verdicts.size >= MAX_REMEMBERED_KEYS) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

function keyMatches(pattern: RegExp, key: string | undefined): boolean {
  return keyMatchesIn(verdictsOf(pattern), pattern, key);
}

/**
 * The key test of a `key` or `keyValue` rule's pattern, with its verdict cache looked up once (the
 * walk asks it at every value).
 * @example
 * keyMatcher(/secret/i)("client_secret") // true
 */
export function keyMatcher(pattern: RegExp): (key: string | undefined) => boolean {
  const verdicts = verdictsOf(pattern);
  return (key) => keyMatchesIn(verdicts, pattern, key);
}

/**
 * Applies one rule to the value at `key` (lower-cased; `undefined` for array elements). Returns the
 * new value, `REMOVED`, or the same value when the rule does not match. Booleans and nulls never
 * match: they cannot hold personal data.
 * @example
 * applyRule(rule, "password", "hunter2") // "[Filtered]" for `@password:filter`
 */
export function applyRule(rule: CompiledRule, key: string | undefined, value: unknown): unknown | Removed {
  if (value === null || value === undefined || typeof value === "boolean") return value;
  if (typeof value === "string" && isInert(value)) return value;
  const { matcher, redaction } = rule;
  switch (matcher.kind) {
    case "anything":
      return redactValue(value, redaction);
    case "key":
      return keyMatches(matcher.pattern, key) ? redactValue(value, redaction) : value;
    case "keyValue":
      if (keyMatches(matcher.pattern, key)) return redactValue(value, redaction);
      return typeof value === "string" && matcher.pattern.test(value) ? redactValue(value, redaction) : value;
    case "find": {
      // Numbers are scanned as text: a card number sent as a JSON number is still a card number.
      if (typeof value !== "string" && typeof value !== "number") return value;
      return redactMatches(String(value), matcher.find, redaction) ?? value;
    }
  }
}

export { REMOVED };
