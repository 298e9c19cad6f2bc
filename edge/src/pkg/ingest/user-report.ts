/**
 * @module
 * User feedback at the edge: a `user_report` or `feedback` item becomes an ingest record of kind
 * `user_report` (core's `userReportFromItem`). Name, email and comments are what the user typed to
 * be contacted about, so they are kept as sent, as Sentry keeps them.
 */
import { type UserReportError, userReportFromItem } from "@breakwater/core/normalize";
import { ok, type Result } from "@breakwater/core/protocol";
import type { UserReportRecord } from "@breakwater/core/schema";
import type { Rejection } from "./discard.ts";
import { type EventScope, parseJsonObject } from "./event.ts";

/** Parses one user report item: a 400 rejection when not a JSON object, else the record or why it is invalid. */
export function prepareUserReport(
  type: "user_report" | "feedback",
  payload: Uint8Array,
  scope: EventScope,
): Result<Result<UserReportRecord, UserReportError>, Rejection> {
  const parsed = parseJsonObject(payload, type);
  if (!parsed.ok) return parsed;
  const report = userReportFromItem(type, parsed.value, scope.eventId, scope.received);
  if (!report.ok) return ok(report);
  const { projectId, keyId } = scope.config;
  return ok(
    ok({
      kind: "user_report",
      project_id: projectId,
      key_id: keyId,
      received: scope.received,
      user_report: report.value,
    }),
  );
}
