/**
 * @module
 * The steps every ingest endpoint takes before it looks at events: size precheck, credentials,
 * project config, and reading the body through its encoding. Each step turns its typed failure into
 * the one HTTP error class, so routes read as a list of steps. Failures after the key is known are
 * {@link Rejection}s, so the route can count the dropped items before it answers.
 */
import { err, type Result } from "@breakwater/core/protocol";
import type { ProjectConfig } from "@breakwater/core/schema";
import { authorize, describeAuthorizeError } from "../auth/authorize.ts";
import { type AuthExtractError, type ClientAuth, extractRequestAuth } from "../auth/extract.ts";
import { type BodyError, type ContentCoding, parseContentEncoding, readBody } from "../body/decode.ts";
import { BreakwaterApiError } from "../errors/http.ts";
import type { Context } from "../hono/app.ts";
import type { DiscardReason, Rejection } from "./discard.ts";

/** 413 before reading anything when the declared size is already over the request cap. */
export function enforceContentLength(c: Context): void {
  const declared = Number(c.req.header("content-length"));
  const limit = c.var.services.limits.maxRequestBytes;
  if (Number.isFinite(declared) && declared > limit) {
    throw new BreakwaterApiError({ code: "PAYLOAD_TOO_LARGE", detail: `request exceeds ${limit} bytes` });
  }
}

/** The HTTP error for a credential problem. */
export function authError(error: AuthExtractError): BreakwaterApiError {
  if (error.code === "multiple") {
    return new BreakwaterApiError({
      code: "BAD_REQUEST",
      detail: "multiple authorization payloads",
      causes: error.sources,
    });
  }
  return new BreakwaterApiError({
    code: "UNAUTHORIZED",
    detail: `bad ${error.source} authorization`,
    causes: [error.detail],
  });
}

/** 401 when no credentials were presented anywhere. */
export const missingAuth = (): BreakwaterApiError =>
  new BreakwaterApiError({ code: "UNAUTHORIZED", detail: "missing authorization information" });

/** Credentials from headers or query; `undefined` when there are none (an envelope `dsn` may follow). */
export function requestAuth(c: Context): ClientAuth | undefined {
  const result = extractRequestAuth(c.req.raw.headers, new URL(c.req.url).searchParams);
  if (!result.ok) throw authError(result.error);
  return result.value;
}

/** Resolves the key's project config and checks it against the URL: 503 / 403 on failure. */
export async function authenticate(c: Context, auth: ClientAuth, urlProjectId: number): Promise<ProjectConfig> {
  const found = await c.var.services.projectConfigs.get(auth.publicKey);
  if (!found.ok) {
    throw new BreakwaterApiError({
      code: "SERVICE_UNAVAILABLE",
      detail: "project config unavailable",
      causes: [found.error.detail],
    });
  }
  const allowed = authorize(found.value, urlProjectId);
  if (!allowed.ok) throw new BreakwaterApiError({ code: "FORBIDDEN", detail: describeAuthorizeError(allowed.error) });
  return allowed.value;
}

/**
 * The rejection for a body that could not be read: 415 (`payload`), 413 (`tooLargeReason`), or 400
 * (`invalid_compression` for a corrupt compressed stream, `payload` for a failed read).
 */
export function bodyRejection(error: BodyError, coding: ContentCoding, tooLargeReason: DiscardReason): Rejection {
  switch (error.code) {
    case "unsupported_encoding":
      return {
        reason: "payload",
        error: new BreakwaterApiError({
          code: "UNSUPPORTED_MEDIA_TYPE",
          detail: `unsupported content encoding: ${error.encoding}`,
        }),
      };
    case "too_large":
      return {
        reason: tooLargeReason,
        error: new BreakwaterApiError({ code: "PAYLOAD_TOO_LARGE", detail: `body exceeds ${error.limit} bytes` }),
      };
    case "corrupt":
      return {
        reason: coding === "identity" ? "payload" : "invalid_compression",
        error: new BreakwaterApiError({ code: "BAD_REQUEST", detail: "invalid body encoding", causes: [error.detail] }),
      };
  }
}

/**
 * Reads the request body, decoded, with the request cap on what the client sends and `maxOutputBytes`
 * on what decoding produces.
 * @param tooLargeReason the outcome reason when a cap is passed (`too_large:envelope`, `too_large:event`)
 */
export async function readRequestBody(
  c: Context,
  maxOutputBytes: number,
  tooLargeReason: DiscardReason,
): Promise<Result<Uint8Array, Rejection>> {
  const encoding = parseContentEncoding(c.req.header("content-encoding"));
  if (!encoding.ok) return err(bodyRejection(encoding.error, "identity", tooLargeReason));
  const body = await readBody(c.req.raw.body, {
    encoding: encoding.value,
    maxInputBytes: c.var.services.limits.maxRequestBytes,
    maxOutputBytes,
  });
  return body.ok ? body : err(bodyRejection(body.error, encoding.value, tooLargeReason));
}
