/**
 * @module
 * Replaces the variable parts of a message (ids, numbers, addresses) with placeholders, so that
 * "User 42 not found" and "User 43 not found" land in one issue. Order matters: the specific
 * patterns (emails, UUIDs, IPs, dates) run before the generic hex and integer ones, which would
 * otherwise eat their digits.
 */

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, "<email>"],
  [/\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b/g, "<uuid>"],
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, "<date>"],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, "<ip>"],
  [/\b0x[0-9a-fA-F]+\b/g, "<hex>"],
  // A hex id: at least 8 characters with both a digit and a letter, so plain words survive.
  [/\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g, "<hex>"],
  // A free-standing number only: "3.5s" or "v2" are units and names, not variables.
  [/(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])/g, "<int>"],
];

/**
 * Normalizes a message or exception value for grouping.
 * @example parameterize("Order 1234 for bob@example.com failed") // "Order <int> for <email> failed"
 */
export function parameterize(value: string): string {
  let out = value;
  for (const [pattern, placeholder] of PATTERNS) out = out.replace(pattern, placeholder);
  return out.trim();
}
