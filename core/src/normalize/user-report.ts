/**
 * @module
 * `userReportFromItem`: a `user_report` or `feedback` item payload in, a {@link UserReport} or why it
 * is invalid out (no event id, no comments). Long fields are cut to Sentry's column sizes.
 */
import { err, ok, type Result } from "../result.ts";
import { USER_REPORT_LIMITS, type UserReport } from "../schema/index.ts";
import { canonicalEventId } from "./event-id.ts";
import { isObject } from "./values.ts";

/** Why a user report was dropped (the outcome's reason is `invalid_user_report`). */
export type UserReportError = "missing_event_id" | "missing_comments";

const text = (value: unknown, max: number): string => (typeof value === "string" ? value.slice(0, max) : "");

/**
 * Reads a user report.
 * @param type the item type: `user_report` (legacy) or `feedback`
 * @param payload the item's parsed JSON object
 * @param eventId the envelope header's `event_id`, the feedback's own id when its payload has none
 * @param received unix seconds
 */
export function userReportFromItem(
  type: "user_report" | "feedback",
  payload: Record<string, unknown>,
  eventId: string | undefined,
  received: number,
): Result<UserReport, UserReportError> {
  const { name: nameMax, email: emailMax, comments: commentsMax } = USER_REPORT_LIMITS;
  if (type === "user_report") {
    const id = canonicalEventId(payload.event_id) ?? canonicalEventId(eventId);
    if (id === undefined) return err("missing_event_id");
    const comments = text(payload.comments, commentsMax);
    if (comments === "") return err("missing_comments");
    const report = { name: text(payload.name, nameMax), email: text(payload.email, emailMax), comments };
    return ok({ report_id: id, event_id: id, ...report, timestamp: received });
  }
  const contexts = isObject(payload.contexts) ? payload.contexts : {};
  const feedback = isObject(contexts.feedback) ? contexts.feedback : {};
  const own = canonicalEventId(payload.event_id) ?? canonicalEventId(eventId);
  if (own === undefined) return err("missing_event_id");
  const comments = text(feedback.message, commentsMax);
  if (comments === "") return err("missing_comments");
  return ok({
    report_id: own,
    event_id: canonicalEventId(feedback.associated_event_id) ?? own,
    name: text(feedback.name, nameMax),
    email: text(feedback.contact_email, emailMax),
    comments,
    timestamp: received,
  });
}
