/**
 * @module
 * What every wrk-driven benchmark (`npm run bench`, `bench:quota`) does first: a timestamped log
 * line, the refusal to run without wrk (the load generator must be its own C process), and the
 * machine description its report heads with.
 */
import { describeMachine, type Machine } from "./machine.ts";
import { wrkVersion } from "./wrk.ts";

/** The benchmark's log and machine; exits with 2 when wrk is missing. */
export function benchPreamble(): { log: (msg: string) => void; machine: () => Machine } {
  const started = Date.now();
  const log = (msg: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
  const wrk = wrkVersion();
  if (!wrk) {
    console.error("wrk is not installed (apt-get install -y wrk): the load generator must be its own C process");
    process.exit(2);
  }
  return { log, machine: () => describeMachine(wrk) };
}
