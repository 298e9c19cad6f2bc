/**
 * @module
 * Private Kafka and ClickHouse servers for the fault tests: the shared ones on the default ports
 * serve other test runs and must never be killed, so each fault run starts its own with
 * scripts/services/*.sh on free ports and its own `BREAKWATER_SERVICES_DIR`, kills and restarts them
 * at will, and stops them at the end. Postgres is never killed here, so the run takes a throwaway
 * database on the shared server (`DATABASE_URL`) instead of paying for a third server.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../scripts/lib/process.ts";
import { REPO_ROOT } from "../../scripts/lib/stack.ts";

const run = promisify(execFile);

export type ServiceName = "kafka" | "clickhouse";

/** The private servers of one fault run. */
export interface PrivateServices {
  kafkaBrokers: string;
  clickhouseUrl: string;
  /** Starts (or restarts after a kill) one service and waits until it is ready. */
  start(service: ServiceName): Promise<void>;
  /** SIGKILL, no shutdown: the crash the tests survive. */
  kill(service: ServiceName): void;
  /** Stops both and deletes their data. */
  close(): Promise<void>;
}

/** Starts Kafka and ClickHouse on free ports under a fresh services dir. */
export async function startPrivateServices(): Promise<PrivateServices> {
  const dir = mkdtempSync(join(tmpdir(), "breakwater-faults-"));
  const [kafkaPort, controllerPort, httpPort, tcpPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env = {
    ...process.env,
    BREAKWATER_SERVICES_DIR: dir,
    KAFKA_PORT: String(kafkaPort),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    CLICKHOUSE_HTTP_PORT: String(httpPort),
    CLICKHOUSE_TCP_PORT: String(tcpPort),
  };
  const script = (service: ServiceName) => join(REPO_ROOT, "scripts", "services", `${service}.sh`);
  const start = async (service: ServiceName) => {
    await run("bash", [script(service), "start"], { env, timeout: 120_000 });
  };
  const stop = async (service: ServiceName) => {
    await run("bash", [script(service), "stop"], { env, timeout: 90_000 }).catch(() => undefined);
  };
  const pidFile = (service: ServiceName) => join(dir, service, `${service}.pid`);
  const services: PrivateServices = {
    kafkaBrokers: `127.0.0.1:${kafkaPort}`,
    clickhouseUrl: `http://127.0.0.1:${httpPort}`,
    start,
    kill(service) {
      // Only the pid our own services dir recorded: never a shared server.
      const pid = Number(readFileSync(pidFile(service), "utf8").trim());
      if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no pid for ${service} in ${pidFile(service)}`);
      process.kill(pid, "SIGKILL");
    },
    async close() {
      await Promise.all([stop("clickhouse"), stop("kafka")]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all([start("kafka"), start("clickhouse")]);
  } catch (e) {
    await services.close();
    throw e;
  }
  return services;
}
