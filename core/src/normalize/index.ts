/**
 * @module
 * Event normalization: any JSON payload in, a valid `Event` out, with remarks in `errors` for every
 * field that was dropped or corrected. Pure: runs in workerd and Node.
 */
export { DEFAULT_LEVEL, DEFAULT_PLATFORM, parseLevel, VALID_PLATFORMS } from "./attributes.ts";
export { moveEnvironmentTag } from "./environment.ts";
export { canonicalEventId, generateEventId } from "./event-id.ts";
export { compileFastParser, DEFER, type FastParseOptions, type FastParser } from "./fast-parse.ts";
export { type NormalizeContext, normalizeEvent } from "./normalize.ts";
export { MAX_ORIGINAL_VALUE_BYTES } from "./remarks.ts";
export {
  countSessionUpdate,
  DEFAULT_SESSION_ENVIRONMENT,
  MAX_SESSION_AGE_SECS,
  type SessionError,
  sessionAggregateCounts,
  sessionUpdateCounts,
} from "./session.ts";
export { addDerivedTags, normalizeTags, type TagPair, userTagValue } from "./tags.ts";
export { MAX_SECS_IN_FUTURE, MAX_SECS_IN_PAST, MIN_CLOCK_DRIFT_SECS, parseTimestamp } from "./timestamp.ts";
export { normalizeTransaction, type TransactionError, UNLABELED_TRANSACTION } from "./transaction.ts";
export { MAX_CULPRIT_CHARS, MAX_MESSAGE_CHARS, MAX_TRANSACTION_CHARS, trimString } from "./trim.ts";
export { AUTO_IP } from "./user.ts";
export { type UserReportError, userReportFromItem } from "./user-report.ts";
