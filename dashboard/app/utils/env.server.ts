/**
 * @module
 * Server-only environment for the dashboard, validated once at first use.
 * Never import this from browser code: the `.server` suffix keeps it out of the client bundle.
 */
import { randomBytes } from "node:crypto";

/** Default backend address (DESIGN.md 3.4). */
export const DEFAULT_BACKEND_URL = "http://127.0.0.1:8788";

/** Validated server environment. */
export interface DashboardEnv {
  /** Base URL of the Breakwater backend, without a trailing slash. Env `BREAKWATER_BACKEND_URL`. */
  backendUrl: string;
  /**
   * Secrets that sign the session cookie, newest first (rotation: prepend a new one). Env
   * `BREAKWATER_SESSION_SECRET` (comma-separated, each ≥ 32 chars). Unset: a random secret per
   * process, so sessions end when the dashboard restarts.
   */
  sessionSecrets: string[];
  /** True when `BREAKWATER_SESSION_SECRET` was unset and a random one is in use. */
  sessionSecretGenerated: boolean;
}

/**
 * Parses the dashboard's environment variables.
 * @param source - variables to read; defaults to `process.env`
 * @throws Error when `BREAKWATER_BACKEND_URL` is set but is not an http(s) URL, or a session secret is short
 * @example parseEnv({ BREAKWATER_BACKEND_URL: "http://localhost:8788" }).backendUrl
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): DashboardEnv {
  const raw = source.BREAKWATER_BACKEND_URL?.trim() || DEFAULT_BACKEND_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`BREAKWATER_BACKEND_URL is not a valid URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`BREAKWATER_BACKEND_URL must be http(s), got ${url.protocol}`);
  }
  const secrets = (source.BREAKWATER_SESSION_SECRET ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (secrets.some((s) => s.length < 32)) throw new Error("BREAKWATER_SESSION_SECRET entries must be ≥ 32 characters");
  return {
    backendUrl: url.href.replace(/\/+$/, ""),
    sessionSecrets: secrets.length > 0 ? secrets : [randomBytes(32).toString("hex")],
    sessionSecretGenerated: secrets.length === 0,
  };
}

let cached: DashboardEnv | undefined;

/** Returns the validated environment, parsing `process.env` on first call. */
export function getEnv(): DashboardEnv {
  if (!cached) {
    cached = parseEnv();
    if (cached.sessionSecretGenerated) {
      console.warn("BREAKWATER_SESSION_SECRET is unset: using a random one; sessions end at restart");
    }
  }
  return cached;
}
