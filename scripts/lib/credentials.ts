/**
 * @module
 * Development credentials for the local stack: the DSN public key, an API token, the admin login and
 * the edge↔backend HMAC secret. Generated on the first `npm start` and kept in
 * `<dataDir>/credentials.json` (mode 0600) so the DSN stays the same across restarts.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface DevCredentials {
  publicKey: string;
  apiToken: string;
  adminEmail: string;
  adminPassword: string;
  internalSecret: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** Values from the environment win; anything missing is generated. */
export function freshCredentials(env: NodeJS.ProcessEnv = process.env): DevCredentials {
  return {
    publicKey: env.BREAKWATER_BOOTSTRAP_PUBLIC_KEY ?? hex(16),
    apiToken: env.BREAKWATER_BOOTSTRAP_API_TOKEN ?? hex(32),
    adminEmail: env.BREAKWATER_BOOTSTRAP_ADMIN_EMAIL ?? "admin@breakwater.local",
    adminPassword: env.BREAKWATER_BOOTSTRAP_ADMIN_PASSWORD ?? hex(12),
    internalSecret: env.BREAKWATER_INTERNAL_SECRET ?? hex(32),
  };
}

/** Loads the credentials of a data dir, creating them on first use. */
export function loadOrCreateCredentials(dataDir: string): { credentials: DevCredentials; created: boolean } {
  const file = join(dataDir, "credentials.json");
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, "utf8")) as DevCredentials;
    return { credentials: { ...stored, ...withoutUndefined(freshFromEnvOnly()) }, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const credentials = freshCredentials();
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { credentials, created: true };
}

function freshFromEnvOnly(): Partial<DevCredentials> {
  const e = process.env;
  return {
    publicKey: e.BREAKWATER_BOOTSTRAP_PUBLIC_KEY,
    apiToken: e.BREAKWATER_BOOTSTRAP_API_TOKEN,
    adminEmail: e.BREAKWATER_BOOTSTRAP_ADMIN_EMAIL,
    adminPassword: e.BREAKWATER_BOOTSTRAP_ADMIN_PASSWORD,
    internalSecret: e.BREAKWATER_INTERNAL_SECRET,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The env the backend needs to seed and verify with these credentials. */
export function backendEnv(c: DevCredentials): Record<string, string> {
  return {
    BREAKWATER_BOOTSTRAP_PUBLIC_KEY: c.publicKey,
    BREAKWATER_BOOTSTRAP_API_TOKEN: c.apiToken,
    BREAKWATER_BOOTSTRAP_ADMIN_EMAIL: c.adminEmail,
    BREAKWATER_BOOTSTRAP_ADMIN_PASSWORD: c.adminPassword,
    BREAKWATER_INTERNAL_SECRET: c.internalSecret,
  };
}
