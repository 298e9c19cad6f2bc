/**
 * @module
 * Structured logs with pino, written to stderr (synchronously, so nothing is lost on exit): stdout
 * is reserved for the lines operators and scripts read (the bootstrap credentials block and the
 * "listening on" line).
 */
import pino, { type Logger } from "pino";

export type { Logger } from "pino";

/**
 * Creates the process logger.
 * @param level pino level, default `info`
 */
export function createLogger(level = "info"): Logger {
  return pino({ level, base: { service: "breakwater-backend" } }, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything (tests). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
