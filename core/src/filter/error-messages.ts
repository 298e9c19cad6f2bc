/**
 * @module
 * The error-messages filter (Relay's `error_messages.rs`): drops events whose message matches one of
 * the project's globs. Checked: the log message (`formatted`, else the template), and every exception
 * as `Type: value` (or just the type or value when the other is missing), as Sentry shows it.
 */
import { err, ok, type Result } from "../result.ts";
import type { Event } from "../schema/index.ts";
import type { ErrorMessagesConfig, FilterContext, FilterStatKey } from "./config.ts";
import { matchesAnyGlob } from "./glob.ts";

/**
 * The messages of an event the filter tests, in order.
 * @example
 * eventMessages(event) // ["Payment failed", "TypeError: x is undefined"]
 */
export function eventMessages(event: Event): string[] {
  const messages: string[] = [];
  const log = event.logentry?.formatted ?? event.logentry?.message;
  if (log !== undefined) messages.push(log);
  for (const exception of event.exception?.values ?? []) {
    const type = exception.type ?? "";
    const value = exception.value ?? "";
    messages.push(type === "" ? value : value === "" ? type : `${type}: ${value}`);
  }
  return messages;
}

/**
 * Filters events whose message matches a configured glob (case-insensitive, whole message).
 * @example
 * shouldFilter(event, { patterns: ["*ResizeObserver loop*"] }, {}) // err("error-message")
 */
export function shouldFilter(
  event: Event,
  config: ErrorMessagesConfig,
  _ctx: FilterContext,
): Result<void, FilterStatKey> {
  if (config.patterns.length === 0) return ok(undefined);
  const hit = eventMessages(event).some((m) => m !== "" && matchesAnyGlob(config.patterns, m));
  return hit ? err("error-message") : ok(undefined);
}
