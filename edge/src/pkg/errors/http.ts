/**
 * @module
 * The one HTTP error class of the edge (unkey's `UnkeyApiError`): a machine-readable code, a human
 * `detail`, optional `causes`, and a single switch from code to status. Bodies follow Relay's
 * `{"detail": "...", "causes": [...]}` so Sentry SDKs and tools read them as they read Relay's.
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** What went wrong, independent of the status it maps to. */
export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

/** The status for each code (DESIGN 3.1). */
export function codeToStatus(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case "BAD_REQUEST":
      return 400;
    case "UNAUTHORIZED":
      return 401;
    case "FORBIDDEN":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "PAYLOAD_TOO_LARGE":
      return 413;
    case "UNSUPPORTED_MEDIA_TYPE":
      return 415;
    case "SERVICE_UNAVAILABLE":
      return 503;
    case "INTERNAL_SERVER_ERROR":
      return 500;
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  detail: string;
  causes: string[];
  requestId?: string;
}

/**
 * Thrown by handlers for expected failures; `app.onError` turns it into the response.
 * @example throw new BreakwaterApiError({ code: "UNAUTHORIZED", detail: "missing authorization information" })
 */
export class BreakwaterApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly causes: string[];

  constructor(opts: { code: ErrorCode; detail: string; causes?: string[] }) {
    super(codeToStatus(opts.code), { message: opts.detail });
    this.name = "BreakwaterApiError";
    this.code = opts.code;
    this.causes = opts.causes ?? [];
  }
}
