/**
 * @module
 * Structured logging. Workers Logs index JSON lines, so every line is one JSON object.
 */

/** Extra fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** Where the edge writes what happened. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
