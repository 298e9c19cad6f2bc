/**
 * @module
 * CPU time of a stack process group, from /proc (Linux only, like the rest of the harness): user +
 * system time of every member, threads included (chDB's native insert threads count). On a shared
 * machine the throughput of a run moves with everyone else's load; the CPU a process spends per event
 * moves much less, so it is what A/B runs of a backend change compare.
 */
import { readFileSync } from "node:fs";
import { groupMembers } from "./rss.ts";

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`; 100 on every Linux the harness runs on). */
const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
  try {
    // Fields 14 and 15 (utime, stime); field 2 (comm) may contain spaces, so split after ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by the live members of each process group led by `pgids`. */
export function groupCpuSeconds(pgids: readonly number[]): number {
  let ticks = 0;
  for (const pgid of pgids) for (const pid of groupMembers(pgid)) ticks += cpuTicks(pid);
  return ticks / TICKS_PER_SECOND;
}
