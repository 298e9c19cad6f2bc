/**
 * @module
 * Postgres `text` and `jsonb` cannot hold U+0000, and events are client input: one NUL in an
 * exception message would make the whole batch's issue upsert fail, and the edge would retry it
 * forever. Every event-derived value bound for Postgres passes through here; NUL becomes U+FFFD, the
 * replacement character, so the text stays visibly "something was here". (Lone surrogates, which
 * both stores refuse, are replaced earlier for the whole event: pipeline/well-formed.ts.)
 */

/** The string with every NUL replaced by U+FFFD. */
export function pgSafeText(value: string): string {
  return value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
}

/** A JSON value with NUL replaced in every string, keys included. */
export function pgSafeJson<T>(value: T): T {
  if (typeof value === "string") return pgSafeText(value) as T;
  if (Array.isArray(value)) return value.map(pgSafeJson) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [pgSafeText(k), pgSafeJson(v)])) as T;
  }
  return value;
}
