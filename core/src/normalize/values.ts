/**
 * @module
 * Small value helpers shared by the normalization steps.
 */

/** A JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Keys whose contents are free-form user data: nulls in there are data, not "absent". */
const FREE_FORM_KEYS = new Set(["vars", "data", "extra", "params", "contexts", "headers", "env", "cookies", "other"]);

/**
 * Removes object properties whose value is `null`, recursively, outside free-form bags. In the Sentry
 * protocol `null` means "not set" (Relay's `Annotated(None)`), so `{"ip_address": null}` must not make
 * the whole `user` interface invalid. Beyond `maxDepth` values are returned unchanged.
 */
export function dropNulls(value: unknown, maxDepth = 32): unknown {
  if (maxDepth <= 0) return value;
  if (Array.isArray(value)) return value.map((item) => dropNulls(item, maxDepth - 1));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null) continue;
    // Defined as data properties: a JSON `__proto__` key must not become the prototype.
    Object.defineProperty(out, key, {
      value: FREE_FORM_KEYS.has(key) ? item : dropNulls(item, maxDepth - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A string with at most `max` characters and none of the characters in `forbidden`. */
export function isCleanString(value: string, max: number, forbidden: RegExp): boolean {
  return value.length > 0 && value.length <= max && !forbidden.test(value);
}
