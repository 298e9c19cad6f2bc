/**
 * @module
 * Client credentials from wherever SDKs put them (DESIGN 3.1): `X-Sentry-Auth`, `Authorization: Sentry`,
 * the `sentry_key` query parameter (browser SDKs and `@sentry/node`, which send no header), and, only
 * when none of those is present, the envelope header's `dsn`.
 */
import { err, ok, parseAuthHeader, parseAuthQuery, parseDsn, type Result } from "@breakwater/core/protocol";

/** Where the credentials came from. */
export type AuthSource = "x-sentry-auth" | "authorization" | "query" | "dsn";

/** The credentials a request presents. */
export interface ClientAuth {
  publicKey: string;
  source: AuthSource;
  /** `sentry_client`, e.g. `sentry.javascript.node/11.12.0`, when sent. */
  client?: string;
}

/** Why credentials were rejected before any lookup. */
export type AuthExtractError =
  | { code: "multiple"; sources: AuthSource[] }
  | { code: "malformed"; source: AuthSource; detail: string };

/**
 * Public keys are 32 hex characters in Sentry; we accept any URL-safe token so that bootstrap keys can
 * be chosen freely, but nothing that could break the `keys=` list sent to the backend.
 */
const PUBLIC_KEY = /^[A-Za-z0-9._~-]{1,128}$/;
const SENTRY_SCHEME = /^\s*sentry\s/i;

function toClientAuth(
  source: AuthSource,
  parsed: ReturnType<typeof parseAuthHeader>,
): Result<ClientAuth, AuthExtractError> {
  if (!parsed.ok) {
    const detail = parsed.error.code === "missing_key" ? "missing sentry_key" : parsed.error.detail;
    return err({ code: "malformed", source, detail });
  }
  const { sentry_key: publicKey, sentry_client: client } = parsed.value;
  if (!PUBLIC_KEY.test(publicKey)) return err({ code: "malformed", source, detail: "invalid sentry_key" });
  return ok(client === undefined ? { publicKey, source } : { publicKey, source, client });
}

/**
 * Reads credentials from the headers and query string.
 * @returns the credentials, `undefined` when the request carries none (the envelope `dsn` may), or
 *   `multiple` when two sources name different keys (Relay: "multiple authorization payloads")
 */
export function extractRequestAuth(
  headers: Headers,
  query: URLSearchParams,
): Result<ClientAuth | undefined, AuthExtractError> {
  const found: Result<ClientAuth, AuthExtractError>[] = [];
  const sentryAuth = headers.get("x-sentry-auth");
  if (sentryAuth !== null) found.push(toClientAuth("x-sentry-auth", parseAuthHeader(sentryAuth)));
  // Other schemes (Bearer, Basic) belong to something else, e.g. a proxy in front of us.
  const authorization = headers.get("authorization");
  if (authorization !== null && SENTRY_SCHEME.test(authorization)) {
    found.push(toClientAuth("authorization", parseAuthHeader(authorization)));
  }
  const fromQuery = parseAuthQuery(query);
  if (fromQuery !== undefined) found.push(toClientAuth("query", fromQuery));

  const auths: ClientAuth[] = [];
  for (const result of found) {
    if (!result.ok) return result;
    auths.push(result.value);
  }
  const [first] = auths;
  if (first === undefined) return ok(undefined);
  if (auths.some((a) => a.publicKey !== first.publicKey)) {
    return err({ code: "multiple", sources: auths.map((a) => a.source) });
  }
  return ok(first);
}

/** Reads credentials from an envelope header's `dsn`. */
export function authFromDsn(dsn: string): Result<ClientAuth, AuthExtractError> {
  const parsed = parseDsn(dsn);
  if (!parsed.ok) return err({ code: "malformed", source: "dsn", detail: parsed.error.detail });
  if (!PUBLIC_KEY.test(parsed.value.publicKey)) return err({ code: "malformed", source: "dsn", detail: "invalid key" });
  return ok({ publicKey: parsed.value.publicKey, source: "dsn" });
}
