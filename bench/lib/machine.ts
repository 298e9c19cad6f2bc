/**
 * @module
 * The machine a benchmark ran on, as its report states it (DESIGN 6's figures are per machine): cores,
 * CPU model, memory, the load average when it started (the box is shared), node, workerd and wrk.
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/stack.ts";
import { WORKERD_BIN } from "../../scripts/lib/workerd.ts";

/** What a report says about the machine. */
export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverage1m: number;
  node: string;
  workerd: string;
  wrk: string;
}

/** Reads the machine's description now. */
export function describeMachine(wrk: string): Machine {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim();
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "node_modules/workerd/package.json"), "utf8")) as {
    version: string;
  };
  return {
    cores: cpus().length,
    cpuModel: model ?? cpus()[0]?.model ?? "unknown",
    memoryGiB: totalmem() / 2 ** 30,
    loadAverage1m: loadavg()[0] ?? 0,
    node: process.version,
    workerd: `${pkg.version} (${WORKERD_BIN})`,
    wrk,
  };
}
