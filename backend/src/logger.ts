/**
 * @module
 * Structured logs with pino, written to stderr (synchronously, so nothing is lost on exit): stdout
 * is reserved for the lines operators and scripts read (the bootstrap credentials block and the
 * "listening on" line).
 */
import pino, { type Logger } from "pino";

export type { Logger } from "pino";

/**
 * Paths pino replaces with `[redacted]`: alert action secrets (webhook signing keys, Slack webhook
 * URLs, whose path is the credential), SMTP credentials, auth headers. Secrets should never reach
 * a log call; this is the net under that rule.
 */
export const REDACT_PATHS = [
  "secret",
  "*.secret",
  "*.*.secret",
  "webhookUrl",
  "*.webhookUrl",
  "*.*.webhookUrl",
  "smtpUrl",
  "*.smtpUrl",
  "password",
  "*.password",
  "*.pass",
  "*.*.pass",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
];

/**
 * Creates the process logger.
 * @param level pino level, default `info`
 */
export function createLogger(level = "info"): Logger {
  return pino(
    { level, base: { service: "breakwater-backend" }, redact: { paths: REDACT_PATHS, censor: "[redacted]" } },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything (tests). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
