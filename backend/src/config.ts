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

/** Env vars that select server mode (issue 5); refused until it exists. */
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
  CLICKHOUSE_URL: optionalString,
  DATABASE_URL: optionalString,
  KAFKA_BROKERS: optionalString,
});

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
}

/** Why the configuration could not be built; `message` is meant for the operator. */
export interface ConfigError {
  code: "invalid_env" | "server_mode_unavailable";
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
  const serverVars = SERVER_MODE_VARS.filter((name) => e[name] !== undefined);
  if (serverVars.length > 0) {
    return err({
      code: "server_mode_unavailable",
      message:
        `${serverVars.join(", ")} set: server mode (ClickHouse server, Postgres, Kafka) is not built yet ` +
        "(tracker issue 5). Unset these variables to run in embedded mode (chDB + PGlite).",
    });
  }
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
  });
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
