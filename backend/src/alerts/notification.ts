/**
 * @module
 * What a notification says, independent of how it travels: decided once (in the pipeline's batch
 * or the metric evaluator), stored in the outbox, and rendered per action by `./render.ts`.
 */

/** The issue an issue alert is about. */
export interface NotificationIssue {
  id: number;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  /** Dashboard link. */
  url: string;
}

/** The event that made an issue alert fire. */
export interface NotificationEvent {
  eventId: string;
  level: string;
  environment: string | null;
  release: string | null;
  /** ISO 8601. */
  timestamp: string;
}

/** A metric alert's measurement. */
export interface NotificationMetric {
  aggregate: string;
  query: string;
  timeWindowMinutes: number;
  value: number;
  /** The threshold crossed (the resolve threshold when resolved). */
  threshold: number | null;
  state: "ok" | "warning" | "critical";
  previousState: "ok" | "warning" | "critical";
}

/** One notification. */
export interface AlertNotification {
  kind: "issue" | "metric" | "test";
  rule: { id: number | null; name: string };
  organization: string;
  project: string;
  /** Headline: the issue's title, or `[Critical] <rule>` for metric alerts. */
  title: string;
  /** Why it fires, one human sentence. */
  reason: string;
  /** Dashboard link. */
  url: string;
  /** ISO 8601. */
  triggeredAt: string;
  issue?: NotificationIssue;
  event?: NotificationEvent;
  metric?: NotificationMetric;
}
