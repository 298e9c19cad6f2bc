/**
 * @module
 * Child processes of the local stack. Each runs in its own process group so that stopping it also
 * stops what it spawned (wrangler runs workerd, tsx runs node).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  stop(timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Called with each output line; default: print it prefixed with the name. */
  onLine?: (line: string) => void;
}

/** Starts a process in a new process group and forwards its output line by line. */
export function spawnManaged(o: SpawnOptions): ManagedProcess {
  const child = spawn(o.command, o.args, { cwd: o.cwd, env: o.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const onLine = o.onLine ?? ((line: string) => console.log(`[${o.name}] ${line}`));
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") onLine(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  return {
    name: o.name,
    child,
    exited,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
      // Grandchildren (workerd) may outlive their parent for a moment; make sure the group is gone.
      signalGroup("SIGKILL");
    },
  };
}

/**
 * Runs a command to completion and resolves with its stdout and stderr together; rejects with that
 * output when it exits non-zero. For short tools (bundlers, wrk, benchmark children), not services.
 */
export function runToCompletion(
  command: string,
  args: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; onSpawn?: (pid: number) => void },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: o.cwd, env: o.env, stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid !== undefined) o.onSpawn?.(child.pid);
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited with ${code}:\n${output}`)),
    );
  });
}

/** Polls `url` until it answers 2xx, the process exits, or the timeout passes. */
export async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void proc.exited.then(() => {
    exitedEarly = true;
  });
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`${proc.name} exited before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${proc.name}: ${url} did not answer within ${timeoutMs} ms`);
}

/** A TCP port that is free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
