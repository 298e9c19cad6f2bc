/**
 * @module
 * A {@link Logger} that writes one JSON object per line to the console (Workers Logs, `wrangler tail`).
 */
import type { LogFields, Logger } from "./interface.ts";

type Level = "debug" | "info" | "warn" | "error";

/** Logs JSON lines: `{"level","message","time",...fields}`. */
export class ConsoleLogger implements Logger {
  /** @param defaults fields added to every line, e.g. `{ requestId }` */
  constructor(private readonly defaults: LogFields = {}) {}

  /** A logger that adds `fields` to every line. */
  with(fields: LogFields): ConsoleLogger {
    return new ConsoleLogger({ ...this.defaults, ...fields });
  }

  private write(level: Level, message: string, fields?: LogFields): void {
    const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...this.defaults, ...fields });
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  }

  debug(message: string, fields?: LogFields): void {
    this.write("debug", message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write("info", message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write("warn", message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write("error", message, fields);
  }
}
