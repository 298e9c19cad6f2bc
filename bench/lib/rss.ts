/**
 * @module
 * Resident memory of the benchmark's processes, read from /proc (Linux only, like the rest of the
 * harness). A stack process is a process group (tsx runs node, wrangler runs workerd), so a group's
 * RSS is the sum over its members. A {@link RssSampler} polls while a load runs and keeps the peak.
 */
import { readdirSync, readFileSync } from "node:fs";

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function groupOf(pid: string): number | undefined {
  try {
    // Field 5 of /proc/<pid>/stat is the process group; field 2 (comm) may contain spaces, so split after ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  } catch {
    return undefined;
  }
}

/** The processes of the group led by `pgid`. */
export function groupMembers(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && groupOf(entry) === pgid)
    .map(Number);
}

/** RSS in MiB of every process in the group led by `pgid` (or of the single `pid` when `group` is false). */
export function rssMiB(pid: number, group = true): number {
  if (!group) return rssKiB(pid) / 1024;
  return groupMembers(pid).reduce((total, member) => total + rssKiB(member), 0) / 1024;
}

/** A named process (group) to sample. */
export interface Sampled {
  name: string;
  pid: number;
  /** Sum over the process group led by `pid` (stack processes); false for a single process. */
  group: boolean;
}

/** Polls the processes' RSS every `intervalMs` and keeps each one's peak. */
export class RssSampler {
  private timer: ReturnType<typeof setInterval> | undefined;
  readonly peaks = new Map<string, number>();
  private readonly targets: () => readonly Sampled[];

  /** @param targets the processes to read, asked anew at each reading (wrk's pid changes per run) */
  constructor(targets: () => readonly Sampled[]) {
    this.targets = targets;
  }

  /** One reading of every target, in MiB. */
  now(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.targets()) out[t.name] = rssMiB(t.pid, t.group);
    return out;
  }

  start(intervalMs = 500): void {
    this.timer = setInterval(() => {
      for (const [name, mib] of Object.entries(this.now())) {
        if (mib > (this.peaks.get(name) ?? 0)) this.peaks.set(name, mib);
      }
    }, intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
