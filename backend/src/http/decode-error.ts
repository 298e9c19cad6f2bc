/**
 * @module
 * Internal body decoding failures (`src/ingest/decode.ts`) as HTTP errors, shared by the signed
 * `/internal/*` POST routes.
 */
import { ApiError } from "../errors/http.ts";
import type { DecodeError } from "../ingest/decode.ts";

/** 415 for an unknown encoding, 413 past the inflated cap, 400 for bad gzip or content. */
export function decodeErrorToApi(error: DecodeError): ApiError {
  switch (error.code) {
    case "unsupported_encoding":
      return new ApiError({
        code: "UNSUPPORTED_MEDIA_TYPE",
        detail: `Unsupported Content-Encoding: ${error.encoding} (use gzip or none)`,
      });
    case "bad_gzip":
      return new ApiError({ code: "BAD_REQUEST", detail: `Invalid gzip body: ${error.message}` });
    case "too_large":
      return new ApiError({ code: "PAYLOAD_TOO_LARGE", detail: `Decompressed body exceeds ${error.limit} bytes` });
    case "invalid_lines":
      return new ApiError({ code: "BAD_REQUEST", detail: "Invalid ingest records", causes: error.causes });
    case "invalid_body":
      return new ApiError({ code: "BAD_REQUEST", detail: "Invalid outcomes batch", causes: error.causes });
  }
}
