/**
 * @module
 * Errors as values at protocol boundaries (STYLE d): expected failures return `Result`, bugs throw.
 * Same shape as core's `result.ts`, which core's package.json does not export (yet).
 */

/** Success or a typed failure. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a success value. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** Wraps a failure value. */
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
