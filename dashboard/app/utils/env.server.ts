/**
 * @module
 * Server-only environment for the dashboard, validated once at first use.
 * Never import this from browser code: the `.server` suffix keeps it out of the client bundle.
 */

/** Default backend address (DESIGN.md 3.4). */
export const DEFAULT_BACKEND_URL = "http://127.0.0.1:8788";

/** Validated server environment. */
export interface DashboardEnv {
  /** Base URL of the Breakwater backend, without a trailing slash. Env `BREAKWATER_BACKEND_URL`. */
  backendUrl: string;
}

/**
 * Parses the dashboard's environment variables.
 * @param source - variables to read; defaults to `process.env`
 * @throws Error when `BREAKWATER_BACKEND_URL` is set but is not an http(s) URL
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
  return { backendUrl: url.href.replace(/\/+$/, "") };
}

let cached: DashboardEnv | undefined;

/** Returns the validated environment, parsing `process.env` on first call. */
export function getEnv(): DashboardEnv {
  cached ??= parseEnv();
  return cached;
}
