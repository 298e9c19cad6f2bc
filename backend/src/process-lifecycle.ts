/**
 * @module
 * What every backend process (the HTTP service and the Kafka consumer) does at its edges: report a
 * failed start and exit 1, and on SIGINT/SIGTERM drain gracefully, giving up with exit 1 after a
 * deadline or when asked a second time.
 */
import type { Logger } from "./logger.ts";

/** A signal within this long after the first counts as the same request. */
const DUPLICATE_SIGNAL_MS = 1_000;

/** Options for {@link onShutdownSignals}. */
export interface ShutdownOptions {
  logger: Logger;
  /** Logged when the first signal arrives, e.g. "finishing in-flight requests". */
  draining: string;
  /** Longest graceful shutdown, ms, before exiting 1 with `timeoutMessage`. */
  timeoutMs: number;
  timeoutMessage: string;
  /** Stops accepting work and waits for what is in flight; the process exits 0 after it. */
  drain: () => Promise<void>;
}

/** Installs SIGINT/SIGTERM handlers that drain once, then exit. */
export function onShutdownSignals(o: ShutdownOptions): void {
  let stoppingSince = 0;
  const stop = async (signal: NodeJS.Signals) => {
    if (stoppingSince > 0) {
      // A signal to the process group reaches us twice under tsx (directly, and relayed by tsx):
      // only a second signal that comes later is a request to give up.
      if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_MS) return;
      o.logger.warn({ signal }, "second signal: exiting without waiting");
      process.exit(1);
    }
    stoppingSince = Date.now();
    o.logger.info({ signal }, `shutting down: ${o.draining}`);
    setTimeout(() => {
      o.logger.error(o.timeoutMessage);
      process.exit(1);
    }, o.timeoutMs).unref();
    await o.drain();
    o.logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", (s) => void stop(s));
  process.on("SIGTERM", (s) => void stop(s));
}

/** Runs a process's `main`; a failure to start is printed to stderr and exits 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`${name}: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
