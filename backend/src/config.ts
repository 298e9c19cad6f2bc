/**
 * @module
 * The backend's configuration: the process environment, validated once with zod at start
 * (STYLE c). Every field is documented with its unit and default; `backend/README.md` lists the same.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { err, ok, type Result } from "@breakwater/core/result";
import { z } from "zod";

/** Env vars that select the server adapters (DESIGN 2, 3.4); each one independently of the others. */
export const SERVER_MODE_VARS = ["CLICKHOUSE_URL", "DATABASE_URL", "KAFKA_BROKERS"] as const;

/** Name of the file, under the data dir, that keeps a generated internal secret across restarts. */
export const INTERNAL_SECRET_FILE = "internal-secret";

/** Empty strings count as unset: `FOO= npm start` should not mean "the value is the empty string". */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const EnvSchema = z.object({
  /** TCP port for HTTP. Default 8788 (DESIGN 3.4). */
  PORT: z.coerce.number().int().min(0).max(65_535).default(8788),
  /** Interface to bind. Default 127.0.0.1: the backend is internal, the edge faces the internet. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Where PGlite, chDB and the generated secret live. Default `.data` (relative to the cwd). */
  BREAKWATER_DATA_DIR: z.string().min(1).default(".data"),
  /** HMAC key shared with the edge. Unset: generated once and kept in `<dataDir>/internal-secret`. */
  BREAKWATER_INTERNAL_SECRET: optionalString,
  /** Bootstrap DSN public key (32 hex). Unset: generated on first start. */
  BREAKWATER_BOOTSTRAP_PUBLIC_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex characters")
      .optional(),
  ),
  /** Bootstrap API token (Bearer). Unset: 64 hex generated on first start. */
  BREAKWATER_BOOTSTRAP_API_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  /** Bootstrap admin login. Unset: `admin@breakwater.local`. */
  BREAKWATER_BOOTSTRAP_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  /** Bootstrap admin password. Unset: generated on first start. */
  BREAKWATER_BOOTSTRAP_ADMIN_PASSWORD: optionalString.pipe(
    z.string().min(8, "must be at least 8 characters").optional(),
  ),
  /** Public edge URL, used to print the DSN. Default http://127.0.0.1:8787. */
  BREAKWATER_EDGE_URL: z.url().default("http://127.0.0.1:8787"),
  /** Dashboard URL, used for issue permalinks. Default http://127.0.0.1:3000. */
  BREAKWATER_DASHBOARD_URL: z.url().default("http://127.0.0.1:3000"),
  /** pino level. Default info. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * EventStore = ClickHouse server over HTTP: `http[s]://[user:password@]host:port[/database]`
   * (database default `default`, created if missing). Unset: chDB in `<dataDir>/chdb`.
   */
  CLICKHOUSE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** MetaStore = Postgres: `postgres://user:password@host:port/database`. Unset: PGlite in `<dataDir>/pglite`. */
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** EventLog = Kafka: comma-separated `host:port` bootstrap brokers. Unset: direct (write-through ingest). */
  KAFKA_BROKERS: optionalString,
  /** Kafka topic of ingested events. Default `events`. */
  BREAKWATER_KAFKA_TOPIC: z.string().min(1).default("events"),
  /** Dead-letter topic for records the consumer cannot process. Default `events-dlq`. */
  BREAKWATER_KAFKA_DLQ_TOPIC: z.string().min(1).default("events-dlq"),
  /** Consumer group of `breakwater consumer`. Default `breakwater-consumer`. */
  BREAKWATER_KAFKA_GROUP: z.string().min(1).default("breakwater-consumer"),
  /** Kafka client id prefix. Default `breakwater`. */
  BREAKWATER_KAFKA_CLIENT_ID: z.string().min(1).default("breakwater"),
  /** Group commit window of the ingest producer, ms: concurrent requests within it share one send. Default 5. */
  BREAKWATER_KAFKA_LINGER_MS: z.coerce.number().int().min(0).max(1_000).default(5),
  /** Consumer: largest batch the pipeline gets, records. Default 10,000. */
  BREAKWATER_CONSUMER_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Consumer: longest a record waits for its batch to fill, ms. Default 1,000. */
  BREAKWATER_CONSUMER_BATCH_MS: z.coerce.number().int().min(1).max(600_000).default(1_000),
  /** Consumer: port of its `GET /healthz` (on HOST). Unset: no HTTP listener. */
  BREAKWATER_CONSUMER_PORT: optionalString
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(0).max(65_535).optional()),
  /**
   * SMTP server of alert emails: `smtp://[user:password@]host:port` (STARTTLS when offered) or
   * `smtps://…` (TLS). Unset: email actions fail without retry ("no SMTP server configured").
   */
  BREAKWATER_SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  /** From address of alert emails. Default `Breakwater <alerts@breakwater.local>`. */
  BREAKWATER_SMTP_FROM: z.string().min(3).default("Breakwater <alerts@breakwater.local>"),
  /** Notification worker: poll interval of the outbox when idle, ms. Default 1,000. */
  BREAKWATER_ALERTS_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** Notification worker: delay before the first retry, ms (doubling, capped at 10 min). Default 2,000. */
  BREAKWATER_ALERTS_RETRY_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(2_000),
  /** Metric alert rules: evaluation interval, ms. Default 60,000. */
  BREAKWATER_METRIC_ALERTS_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
});

/** Alerting settings (issue and metric alert rules, notification delivery). */
export interface AlertsConfig {
  /** SMTP URL (with credentials: never log it); undefined = no email. */
  smtpUrl: string | undefined;
  mailFrom: string;
  pollMs: number;
  retryBaseMs: number;
  metricIntervalMs: number;
}

/** Where events are stored (DESIGN 2, `EventStore`). */
export type EventStoreConfig =
  | { kind: "chdb" }
  | {
      kind: "http";
      /** `http[s]://host:port`, without credentials or path. */
      url: string;
      database: string;
      username: string;
      password: string;
    };

/** Where organizations, projects, keys and issues live (DESIGN 2, `MetaStore`). */
export type MetaStoreConfig = { kind: "pglite" } | { kind: "pg"; url: string };

/** How ingest hands batches to the pipeline (DESIGN 2, `EventLog`). */
export type EventLogConfig =
  | { kind: "direct" }
  | {
      kind: "kafka";
      brokers: string[];
      topic: string;
      dlqTopic: string;
      groupId: string;
      clientId: string;
      /** Group commit window, ms. */
      lingerMs: number;
    };

/** The three ports' adapters, each chosen by its own variable. */
export interface StoresConfig {
  eventStore: EventStoreConfig;
  metaStore: MetaStoreConfig;
  eventLog: EventLogConfig;
}

/** Settings of `breakwater consumer`. */
export interface ConsumerConfig {
  /** Records per pipeline batch, at most. */
  batchSize: number;
  /** Longest wait for a batch to fill, ms. */
  batchMs: number;
  /** Health endpoint port; undefined = none. */
  port: number | undefined;
}

/** Bootstrap values given by the operator; unset fields are generated on first start. */
export interface BootstrapConfig {
  publicKey?: string;
  apiToken?: string;
  adminEmail?: string;
  adminPassword?: string;
}

/** The validated configuration the service runs with. */
export interface BackendConfig {
  port: number;
  host: string;
  /** Absolute path. */
  dataDir: string;
  internalSecret: string;
  /** Where the secret came from, for the start log. */
  internalSecretSource: "env" | "file" | "generated";
  bootstrap: BootstrapConfig;
  edgeUrl: string;
  dashboardUrl: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  stores: StoresConfig;
  consumer: ConsumerConfig;
  alerts: AlertsConfig;
}

/** Why the configuration could not be built; `message` is meant for the operator. */
export interface ConfigError {
  code: "invalid_env";
  message: string;
}

/**
 * Validates `env` and resolves the internal secret (reads or creates `<dataDir>/internal-secret`).
 * @param env defaults to `process.env`
 * @example
 * const config = await loadConfig();
 * if (!config.ok) { console.error(config.error.message); process.exit(1); }
 */
export async function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Promise<Result<BackendConfig, ConfigError>> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    return err({ code: "invalid_env", message: `invalid environment:\n${lines.join("\n")}` });
  }
  const e = parsed.data;
  const stores = storesConfig(e);
  if (!stores.ok) return stores;
  const dataDir = path.resolve(e.BREAKWATER_DATA_DIR);
  const secret = await resolveInternalSecret(dataDir, e.BREAKWATER_INTERNAL_SECRET);
  return ok({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    internalSecret: secret.value,
    internalSecretSource: secret.source,
    bootstrap: {
      publicKey: e.BREAKWATER_BOOTSTRAP_PUBLIC_KEY,
      apiToken: e.BREAKWATER_BOOTSTRAP_API_TOKEN,
      adminEmail: e.BREAKWATER_BOOTSTRAP_ADMIN_EMAIL,
      adminPassword: e.BREAKWATER_BOOTSTRAP_ADMIN_PASSWORD,
    },
    edgeUrl: e.BREAKWATER_EDGE_URL.replace(/\/+$/, ""),
    dashboardUrl: e.BREAKWATER_DASHBOARD_URL.replace(/\/+$/, ""),
    logLevel: e.LOG_LEVEL,
    stores: stores.value,
    consumer: {
      batchSize: e.BREAKWATER_CONSUMER_BATCH_SIZE,
      batchMs: e.BREAKWATER_CONSUMER_BATCH_MS,
      port: e.BREAKWATER_CONSUMER_PORT,
    },
    alerts: {
      smtpUrl: e.BREAKWATER_SMTP_URL,
      mailFrom: e.BREAKWATER_SMTP_FROM,
      pollMs: e.BREAKWATER_ALERTS_POLL_MS,
      retryBaseMs: e.BREAKWATER_ALERTS_RETRY_BASE_MS,
      metricIntervalMs: e.BREAKWATER_METRIC_ALERTS_INTERVAL_MS,
    },
  });
}

/**
 * The adapters `env` selects, without the rest of the configuration (tools and tests).
 * @example
 * const stores = storesFromEnv(process.env); // { eventStore: { kind: "chdb" }, ... } when unset
 */
export function storesFromEnv(env: Record<string, string | undefined>): Result<StoresConfig, ConfigError> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    return err({ code: "invalid_env", message: `invalid environment:\n${lines.join("\n")}` });
  }
  return storesConfig(parsed.data);
}

/** Picks each port's adapter from its own variable; any combination is valid. */
function storesConfig(e: z.infer<typeof EnvSchema>): Result<StoresConfig, ConfigError> {
  let eventStore: EventStoreConfig = { kind: "chdb" };
  if (e.CLICKHOUSE_URL !== undefined) {
    const url = new URL(e.CLICKHOUSE_URL);
    const database = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, "")) || "default";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
      return err({
        code: "invalid_env",
        message: `invalid environment:\n  CLICKHOUSE_URL: bad database name "${database}"`,
      });
    }
    eventStore = {
      kind: "http",
      url: `${url.protocol}//${url.host}`,
      database,
      username: decodeURIComponent(url.username) || "default",
      password: decodeURIComponent(url.password),
    };
  }
  const metaStore: MetaStoreConfig =
    e.DATABASE_URL === undefined ? { kind: "pglite" } : { kind: "pg", url: e.DATABASE_URL };
  let eventLog: EventLogConfig = { kind: "direct" };
  if (e.KAFKA_BROKERS !== undefined) {
    const brokers = e.KAFKA_BROKERS.split(",")
      .map((b) => b.trim())
      .filter((b) => b !== "");
    const bad = brokers.filter((b) => !/^[^\s:/]+:\d{1,5}$/.test(b));
    if (brokers.length === 0 || bad.length > 0) {
      return err({
        code: "invalid_env",
        message: `invalid environment:\n  KAFKA_BROKERS: expected host:port[,host:port...], got "${e.KAFKA_BROKERS}"`,
      });
    }
    eventLog = {
      kind: "kafka",
      brokers,
      topic: e.BREAKWATER_KAFKA_TOPIC,
      dlqTopic: e.BREAKWATER_KAFKA_DLQ_TOPIC,
      groupId: e.BREAKWATER_KAFKA_GROUP,
      clientId: e.BREAKWATER_KAFKA_CLIENT_ID,
      lingerMs: e.BREAKWATER_KAFKA_LINGER_MS,
    };
  }
  return ok({ eventStore, metaStore, eventLog });
}

/**
 * The env value wins; else the persisted file; else a new 32-byte secret written with mode 0600 so
 * that the edge (run by the same user) can read it and restarts keep signatures valid.
 */
async function resolveInternalSecret(
  dataDir: string,
  fromEnv: string | undefined,
): Promise<{ value: string; source: BackendConfig["internalSecretSource"] }> {
  if (fromEnv) return { value: fromEnv, source: "env" };
  const file = path.join(dataDir, INTERNAL_SECRET_FILE);
  try {
    const stored = (await readFile(file, "utf8")).trim();
    if (stored) return { value: stored, source: "file" };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  await mkdir(dataDir, { recursive: true });
  const value = randomBytes(32).toString("hex");
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  // writeFile's mode only applies on creation and is masked by the umask: set it explicitly.
  await chmod(file, 0o600);
  return { value, source: "generated" };
}
