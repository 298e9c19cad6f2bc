/**
 * @module
 * Step 0: well-formed text. JSON may carry a lone UTF-16 surrogate (`"\ud800"`), JavaScript keeps it,
 * and both stores refuse it (ClickHouse's JSON input and Postgres' jsonb). One such character would
 * fail its whole batch on every retry, so before anything is written every string of the event has
 * lone surrogates replaced by U+FFFD. Checked on the serialized form first: almost every event has
 * none, and then nothing is copied. A value decoded from JSON text that holds no surrogate escape
 * cannot hold one (a UTF-8 decoder turns invalid bytes into U+FFFD, never into a lone surrogate), so
 * `/internal/ingest` marks such values ({@link markWellFormed}) and they skip the serialization
 * (issue 8: it was ~5% of the backend's CPU under ingest load).
 */
import type { Event } from "@breakwater/core/schema";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** How JSON.stringify writes a lone surrogate (it escapes them since ES2019; paired ones stay raw). */
const ESCAPED_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/i;

/** Values known to be well-formed; never serialized again. */
const known = new WeakSet<object>();

/** True when JSON text cannot decode to a value holding a lone surrogate (it has no surrogate escape). */
export function wellFormedJsonText(text: string): boolean {
  return !ESCAPED_SURROGATE.test(text);
}

/** Records that `value` is well-formed, e.g. decoded from text {@link wellFormedJsonText} accepted. */
export function markWellFormed(value: object): void {
  known.add(value);
}

function fix<T>(value: T): T {
  if (typeof value === "string") return value.replace(LONE_SURROGATE, "\uFFFD") as T;
  if (Array.isArray(value)) return value.map(fix) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [fix(k), fix(v)])) as T;
  }
  return value;
}

/** The value itself when its text is well-formed, else a copy whose lone surrogates are U+FFFD. */
export function wellFormed<T>(value: T): T {
  if (typeof value === "object" && value !== null && known.has(value)) return value;
  return ESCAPED_SURROGATE.test(JSON.stringify(value)) ? fix(value) : value;
}

/** The event itself when its text is well-formed, else a copy whose lone surrogates are U+FFFD. */
export function wellFormedEvent<E extends Event>(event: E): E {
  return wellFormed(event);
}
