/**
 * @module
 * Sentry client authentication: the `X-Sentry-Auth` / `Authorization: Sentry` header and the
 * `?sentry_key=` query form.
 * @see https://develop.sentry.dev/sdk/overview/#authentication
 */
import { z } from "zod";
import { err, ok, type Result } from "../result.ts";

/** The credentials a client presents. Only `sentry_key` is required. */
export const SentryAuthSchema = z.object({
  sentry_key: z.string().min(1),
  sentry_version: z.string().optional(),
  sentry_client: z.string().optional(),
  sentry_secret: z.string().optional(),
  sentry_timestamp: z.string().optional(),
});
export type SentryAuth = z.infer<typeof SentryAuthSchema>;

export type AuthError = { code: "malformed"; detail: string } | { code: "missing_key" };

const PREFIX = /^\s*sentry\s+/i;

/**
 * Parses `Sentry sentry_key=abc, sentry_version=7, sentry_client=x/1.0`. The `Sentry ` prefix is
 * optional in `X-Sentry-Auth` (old SDKs omit it) and values may be quoted.
 * @example parseAuthHeader("Sentry sentry_key=abc, sentry_version=7")
 */
export function parseAuthHeader(value: string): Result<SentryAuth, AuthError> {
  const body = value.replace(PREFIX, "");
  const fields: Record<string, string> = {};
  for (const part of body.split(",")) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const eq = trimmed.indexOf("=");
    if (eq <= 0) return err({ code: "malformed", detail: `expected key=value, got ${JSON.stringify(trimmed)}` });
    const key = trimmed.slice(0, eq).trim().toLowerCase();
    let val = trimmed.slice(eq + 1).trim();
    if (val.length >= 2 && val.startsWith('"') && val.endsWith('"')) val = val.slice(1, -1);
    // Relay accepts both `sentry_key` and the bare `key` spelling of old clients.
    fields[key.startsWith("sentry_") ? key : `sentry_${key}`] = val;
  }
  return toAuth(fields);
}

/**
 * Reads auth from query parameters (`sentry_key`, `sentry_version`, `sentry_client`), as browser
 * SDKs and `@sentry/node` send it. Returns `undefined` when no `sentry_key` is present.
 */
export function parseAuthQuery(params: URLSearchParams): Result<SentryAuth, AuthError> | undefined {
  const key = params.get("sentry_key");
  if (key === null) return undefined;
  const fields: Record<string, string> = {};
  for (const name of ["sentry_key", "sentry_version", "sentry_client", "sentry_secret"]) {
    const v = params.get(name);
    if (v !== null) fields[name] = v;
  }
  return toAuth(fields);
}

function toAuth(fields: Record<string, string>): Result<SentryAuth, AuthError> {
  if (!fields.sentry_key) return err({ code: "missing_key" });
  const parsed = SentryAuthSchema.safeParse(fields);
  if (!parsed.success) return err({ code: "malformed", detail: parsed.error.issues[0]?.message ?? "invalid" });
  return ok(parsed.data);
}

/** Formats an auth header value, the inverse of {@link parseAuthHeader}. */
export function formatAuthHeader(auth: SentryAuth): string {
  const parts = Object.entries(auth)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  return `Sentry ${parts.join(", ")}`;
}
