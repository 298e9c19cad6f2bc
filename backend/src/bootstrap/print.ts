/**
 * @module
 * The one-time credentials block printed to stdout on first start. `KEY=value` lines so that people
 * can read it and scripts can grep it; secrets given through the environment are not echoed back.
 */

import { DEFAULT_PROJECT_ID } from "./constants.ts";
import { formatDsn } from "./dsn.ts";
import type { BootstrapCredentials } from "./seed.ts";

/** Formats the block (ends with a newline). */
export function formatCredentials(c: BootstrapCredentials, edgeUrl: string): string {
  const secret = (value: string, fromEnv: boolean, envName: string) => (fromEnv ? `(from ${envName})` : value);
  return [
    "== breakwater bootstrap: first start, these credentials are shown once ==",
    "ORGANIZATION=default",
    `PROJECT=default (id ${DEFAULT_PROJECT_ID})`,
    `DSN=${formatDsn(edgeUrl, c.publicKey, DEFAULT_PROJECT_ID)}`,
    `API_TOKEN=${secret(c.apiToken, c.fromEnv.apiToken, "BREAKWATER_BOOTSTRAP_API_TOKEN")}`,
    `ADMIN_EMAIL=${c.adminEmail}`,
    `ADMIN_PASSWORD=${secret(c.adminPassword, c.fromEnv.adminPassword, "BREAKWATER_BOOTSTRAP_ADMIN_PASSWORD")}`,
    "== end of bootstrap credentials ==",
    "",
  ].join("\n");
}
