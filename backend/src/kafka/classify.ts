/**
 * @module
 * Is a pipeline failure about the data (retrying cannot help: isolate the record and dead-letter it)
 * or about the stores (retry the same batch until they are back)? Only errors positively identified
 * as data errors count as the former: a bug in our SQL or an outage must block and alert, never
 * dead-letter the whole stream.
 */
import { ZodError } from "zod";
import { clickHouseErrorCode } from "../clickhouse/http.ts";

/** How the consumer treats a failure. */
export type FailureKind = "data" | "transient";

/**
 * ClickHouse codes caused by a value that cannot be stored: parse and type errors of the inserted
 * rows, over-long strings, bad UTF-8 where it matters.
 */
const CLICKHOUSE_DATA_CODES: ReadonlySet<number> = new Set([
  6, // CANNOT_PARSE_TEXT
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  53, // TYPE_MISMATCH
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  131, // TOO_LARGE_STRING_SIZE
  349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
]);

/**
 * Postgres SQLSTATE classes about the data: 22 (data exception, e.g. 22021 a NUL byte in text,
 * 22P05 an unsupported Unicode escape in jsonb) and 23 (integrity constraint violation).
 */
const PG_DATA_CLASSES: ReadonlySet<string> = new Set(["22", "23"]);

/**
 * Classifies a failure of `runBatch`.
 * - data: zod errors; ClickHouse data codes; Postgres classes 22 and 23; JS `TypeError` /
 *   `RangeError` thrown while grouping or building rows (a record the code cannot handle).
 * - transient: everything else: network errors, timeouts, ClickHouse load/availability codes,
 *   Postgres connection / resource / lock errors, and unknown errors.
 */
export function classifyFailure(e: unknown): FailureKind {
  for (let cause: unknown = e, depth = 0; cause && depth < 5; depth++) {
    if (cause instanceof ZodError) return "data";
    if (!(cause instanceof Error)) break;
    const sqlState = (cause as { code?: unknown }).code;
    if (typeof sqlState === "string" && /^[0-9A-Z]{5}$/.test(sqlState) && "severity" in cause) {
      return PG_DATA_CLASSES.has(sqlState.slice(0, 2)) ? "data" : "transient";
    }
    const chCode = clickHouseErrorCode(cause.message);
    if (chCode !== undefined) return CLICKHOUSE_DATA_CODES.has(chCode) ? "data" : "transient";
    if (cause instanceof TypeError || cause instanceof RangeError) {
      // fetch / undici network failures are TypeErrors too ("fetch failed"): those are transient.
      return cause.message === "fetch failed" || (cause as { cause?: unknown }).cause ? "transient" : "data";
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return "transient";
}
