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

/** Whether {@link dropNulls} would drop anything: a read-only scan, far cheaper than the copy. */
function hasDroppableNull(value: unknown, maxDepth: number): boolean {
  if (maxDepth <= 0 || typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasDroppableNull(item, maxDepth - 1)) return true;
    return false;
  }
  for (const key of Object.keys(value)) {
    const item = (value as JsonObject)[key];
    if (item === null) return true;
    if (!FREE_FORM_KEYS.has(key) && hasDroppableNull(item, maxDepth - 1)) return true;
  }
  return false;
}

/**
 * Removes object properties whose value is `null`, recursively, outside free-form bags. In the Sentry
 * protocol `null` means "not set" (Relay's `Annotated(None)`), so `{"ip_address": null}` must not make
 * the whole `user` interface invalid. Beyond `maxDepth` values are returned unchanged. A value with
 * nothing to drop (the common case) is returned as is, not copied: callers parse it into new objects
 * anyway, and the copy was a measurable share of the edge's CPU (issue 8).
 */
export function dropNulls(value: unknown, maxDepth = 32): unknown {
  if (!hasDroppableNull(value, maxDepth)) return value;
  return copyWithoutNulls(value, maxDepth);
}

function copyWithoutNulls(value: unknown, maxDepth: number): unknown {
  if (maxDepth <= 0) return value;
  if (Array.isArray(value)) return value.map((item) => copyWithoutNulls(item, maxDepth - 1));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null) continue;
    // Defined as data properties: a JSON `__proto__` key must not become the prototype.
    Object.defineProperty(out, key, {
      value: FREE_FORM_KEYS.has(key) ? item : copyWithoutNulls(item, maxDepth - 1),
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
