/**
 * @module
 * Sentry-style short ids, `DEFAULT-1A`: the project slug uppercased and the issue id in Crockford
 * base32 (no I, L, O, U, so ids read aloud unambiguously). Sentry numbers issues per project; we
 * encode the global issue id, which is unique and needs no extra counter in the batch upsert.
 */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Encodes a positive integer in Crockford base32. */
export function base32Encode(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a non-negative integer: ${n}`);
  let out = "";
  let rest = n;
  do {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  } while (rest > 0);
  return out;
}

/** Decodes Crockford base32 (case-insensitive); null for invalid input. */
export function base32Decode(s: string): number | null {
  // 11 digits cover every safe integer (2^53 needs 53 bits).
  if (s.length === 0 || s.length > 11) return null;
  let n = 0;
  for (const ch of s.toUpperCase()) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    n = n * 32 + digit;
  }
  return Number.isSafeInteger(n) ? n : null;
}

/** `DEFAULT-1A` for project `default`, issue 42. */
export function shortId(projectSlug: string, issueId: number): string {
  return `${projectSlug.toUpperCase()}-${base32Encode(issueId)}`;
}

/** Splits a short id into project slug (lowercased) and issue id; null if it is not one. */
export function parseShortId(value: string): { projectSlug: string; issueId: number } | null {
  const m = /^(.+)-([0-9A-Za-z]{1,11})$/.exec(value);
  if (!m?.[1] || !m[2]) return null;
  const issueId = base32Decode(m[2]);
  return issueId && issueId > 0 ? { projectSlug: m[1].toLowerCase(), issueId } : null;
}
