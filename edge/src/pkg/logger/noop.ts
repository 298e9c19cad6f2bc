/**
 * @module
 * A {@link Logger} that discards everything.
 */
import type { Logger } from "./interface.ts";

/** Discards every line. */
export class NoopLogger implements Logger {
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
}
