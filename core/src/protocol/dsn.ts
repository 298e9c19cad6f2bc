/**
 * @module
 * DSN parsing: `{protocol}://{public_key}[:{secret_key}]@{host}[:{port}]/{path/}{project_id}`.
 * @see https://develop.sentry.dev/sdk/overview/#parsing-the-dsn
 */
import { err, ok, type Result } from "../result.ts";

export interface Dsn {
  protocol: "http" | "https";
  publicKey: string;
  secretKey?: string;
  host: string;
  port?: number;
  /** Path prefix before the project id, without leading or trailing slash ("" when none). */
  path: string;
  projectId: string;
}

export type DsnError = { code: "invalid_dsn"; detail: string };

/**
 * Parses a DSN string.
 * @example parseDsn("https://abc@o1.ingest.example.com/42")
 */
export function parseDsn(value: string): Result<Dsn, DsnError> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return err({ code: "invalid_dsn", detail: "not a URL" });
  }
  const protocol = url.protocol.replace(/:$/, "");
  if (protocol !== "http" && protocol !== "https") return err({ code: "invalid_dsn", detail: "protocol" });
  if (!url.username) return err({ code: "invalid_dsn", detail: "missing public key" });
  const segments = url.pathname.split("/").filter((s) => s !== "");
  const projectId = segments.pop();
  if (!projectId || !/^\d+$/.test(projectId)) return err({ code: "invalid_dsn", detail: "missing project id" });
  const dsn: Dsn = {
    protocol,
    publicKey: decodeURIComponent(url.username),
    host: url.hostname,
    path: segments.join("/"),
    projectId,
  };
  if (url.password) dsn.secretKey = decodeURIComponent(url.password);
  if (url.port) dsn.port = Number(url.port);
  return ok(dsn);
}

/** Formats a DSN, the inverse of {@link parseDsn}. */
export function formatDsn(dsn: Dsn): string {
  const secret = dsn.secretKey ? `:${encodeURIComponent(dsn.secretKey)}` : "";
  const port = dsn.port ? `:${dsn.port}` : "";
  const path = dsn.path ? `/${dsn.path}` : "";
  return `${dsn.protocol}://${encodeURIComponent(dsn.publicKey)}${secret}@${dsn.host}${port}${path}/${dsn.projectId}`;
}
