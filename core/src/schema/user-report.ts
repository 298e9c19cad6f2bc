/**
 * @module
 * User feedback: what a user wrote about an event. SDKs send it as a legacy `user_report` item
 * (`{event_id, name, email, comments}`) or, in current SDKs, as a `feedback` item (an event whose
 * `contexts.feedback` holds the message, the contact and the event it is about). Both become one
 * {@link UserReport}, which Sentry serves at `/projects/{org}/{project}/user-feedback/`.
 * @see https://develop.sentry.dev/sdk/data-model/envelope-items/#user-feedback
 */
import { z } from "zod";

/** Sentry's column sizes: name 128, email 75, comments 4096 characters. */
export const USER_REPORT_LIMITS = { name: 128, email: 75, comments: 4096 } as const;

/** One user report, normalized. */
export const UserReportSchema = z.object({
  /** The report's own id (32 hex): the feedback event's id, or the event's for a legacy report. */
  report_id: z.string().regex(/^[0-9a-f]{32}$/),
  /** The event it is about (32 hex); a standalone feedback is about itself. */
  event_id: z.string().regex(/^[0-9a-f]{32}$/),
  name: z.string().max(USER_REPORT_LIMITS.name),
  email: z.string().max(USER_REPORT_LIMITS.email),
  comments: z.string().max(USER_REPORT_LIMITS.comments),
  /** Unix seconds when it was sent (the edge's receive time). */
  timestamp: z.number(),
});
export type UserReport = z.infer<typeof UserReportSchema>;
