/**
 * @module
 * Step 0: well-formed text. JSON may carry a lone UTF-16 surrogate (`"\ud800"`), JavaScript keeps it,
 * and both stores refuse it (ClickHouse's JSON input and Postgres' jsonb). One such character would
 * fail its whole batch on every retry, so before anything is written every string of the event has
 * lone surrogates replaced by U+FFFD. Checked on the serialized form first: almost every event has
 * none, and then nothing is copied.
 */
import type { Event } from "@breakwater/core/schema";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** How JSON.stringify writes a lone surrogate (it escapes them since ES2019; paired ones stay raw). */
const ESCAPED_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/i;

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
  return ESCAPED_SURROGATE.test(JSON.stringify(value)) ? fix(value) : value;
}

/** The event itself when its text is well-formed, else a copy whose lone surrogates are U+FFFD. */
export function wellFormedEvent<E extends Event>(event: E): E {
  return wellFormed(event);
}
