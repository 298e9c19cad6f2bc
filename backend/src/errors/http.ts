/**
 * @module
 * The one HTTP error class (STYLE d, after unkey's `UnkeyApiError`): a machine-readable code, one
 * switch from code to status, and one body shape, `{"detail": "...", "causes"?: [...]}` (DESIGN 3.1).
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error the API can answer with. */
export type ApiErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE"
  | "GATEWAY_TIMEOUT"
  | "INTERNAL_SERVER_ERROR";

/** The single mapping from code to HTTP status. */
export function codeToStatus(code: ApiErrorCode): ContentfulStatusCode {
  switch (code) {
    case "BAD_REQUEST":
      return 400;
    case "UNAUTHORIZED":
      return 401;
    case "FORBIDDEN":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "METHOD_NOT_ALLOWED":
      return 405;
    case "PAYLOAD_TOO_LARGE":
      return 413;
    case "UNSUPPORTED_MEDIA_TYPE":
      return 415;
    case "TOO_MANY_REQUESTS":
      return 429;
    case "SERVICE_UNAVAILABLE":
      return 503;
    case "GATEWAY_TIMEOUT":
      return 504;
    case "INTERNAL_SERVER_ERROR":
      return 500;
  }
}

/**
 * JSON body of every error response. Validation errors of Sentry-compatible endpoints also carry
 * Django REST framework's per-field lists next to these keys (`{"slug": ["..."]}`, see `fields`).
 */
export interface ErrorBody {
  detail: string;
  causes?: string[];
  requestId?: string;
}

/** Sentry's (DRF's) validation errors: field name → messages. */
export type FieldErrors = Record<string, string[]>;

/**
 * Thrown by handlers and middleware for expected failures; `app.onError` renders it.
 * @example throw new ApiError({ code: "NOT_FOUND", detail: "The requested resource does not exist" });
 */
export class ApiError extends HTTPException {
  readonly code: ApiErrorCode;
  readonly detail: string;
  readonly causes: string[] | undefined;
  /** Per-field messages added to the body as top-level keys, as Sentry answers validation errors. */
  readonly fields: FieldErrors | undefined;

  constructor(opts: { code: ApiErrorCode; detail: string; causes?: string[]; fields?: FieldErrors; cause?: unknown }) {
    super(codeToStatus(opts.code), { message: opts.detail, cause: opts.cause });
    this.code = opts.code;
    this.detail = opts.detail;
    this.causes = opts.causes;
    this.fields = opts.fields;
  }

  /** The response body. */
  body(requestId?: string): ErrorBody {
    return {
      // First, so that the standard keys win over a field of the same name.
      ...this.fields,
      detail: this.detail,
      ...(this.causes && this.causes.length > 0 ? { causes: this.causes } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
}

/** Sentry's wording for a resource the caller may not see: missing and foreign look the same. */
export const notFound = (): ApiError =>
  new ApiError({ code: "NOT_FOUND", detail: "The requested resource does not exist" });
