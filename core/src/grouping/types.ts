/**
 * @module
 * What grouping produces for one event: the hash that decides its issue, and the issue's title,
 * culprit and metadata as Sentry shows them.
 */

/** Bumped whenever the hash inputs change: issues of different versions never merge by accident. */
export const GROUPING_VERSION = "bw-grouping:v1";

/** Which rule produced the hash. */
export type GroupingStrategy = "fingerprint" | "stacktrace" | "exception" | "message" | "fallback";

export interface IssueMetadata {
  type?: string;
  value?: string;
  filename?: string;
  function?: string;
  title?: string;
}

export interface GroupingResult {
  /** 32 lowercase hex characters. */
  hash: string;
  version: typeof GROUPING_VERSION;
  strategy: GroupingStrategy;
  /** The normalized strings the hash was computed from (for debugging and tests). */
  components: string[];
  /** e.g. `TypeError: x is undefined`. */
  title: string;
  /** e.g. `src/app in handler`; "" when nothing fits. */
  culprit: string;
  /** `error` for events with an exception, `default` otherwise (Sentry's issue types). */
  type: "error" | "default";
  metadata: IssueMetadata;
}
