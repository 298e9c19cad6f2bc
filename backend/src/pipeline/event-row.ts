/**
 * @module
 * Step 4's row builder: a grouped event becomes one `events` row. Promoted fields go to columns for
 * filtering; the whole event (plus its grouping outputs, as Sentry stores them) goes to `data`.
 */
import type { GroupingResult } from "@breakwater/core/grouping";
import type { EventRecord } from "@breakwater/core/schema";
import type { EventRow } from "../clickhouse/events.ts";
import { eventTags, messageText, userKey } from "../events/derived.ts";

/** Days an event is kept; the partition key carries it so retention drops whole partitions. */
export const DEFAULT_RETENTION_DAYS = 90;

/** The stored `data` document: the normalized event plus what grouping derived from it. */
export function storedEventData(record: EventRecord, grouping: GroupingResult): string {
  return JSON.stringify({
    ...record.event,
    title: grouping.title,
    culprit: grouping.culprit,
    type: grouping.type,
    metadata: grouping.metadata,
    hashes: [grouping.hash],
    grouping_config: { id: grouping.version, strategy: grouping.strategy },
  });
}

/** Builds the `events` row of one record. */
export function toEventRow(record: EventRecord, grouping: GroupingResult, groupId: number): EventRow {
  const e = record.event;
  const tags = eventTags(e);
  const stacks = e.exception?.values ?? [];
  const frames = stacks.flatMap((stack, level) => (stack.stacktrace?.frames ?? []).map((frame) => ({ frame, level })));
  return {
    project_id: record.project_id,
    timestamp: Math.floor(e.timestamp),
    event_id: e.event_id,
    group_id: groupId,
    primary_hash: grouping.hash,
    received: Math.floor(record.received),
    retention_days: DEFAULT_RETENTION_DAYS,
    deleted: 0,
    platform: e.platform,
    level: e.level,
    environment: e.environment ?? "",
    release: e.release ?? "",
    dist: e.dist ?? "",
    logger: e.logger ?? "",
    server_name: e.server_name ?? "",
    transaction: e.transaction ?? "",
    title: grouping.title,
    culprit: grouping.culprit,
    message: messageText(e),
    user_id: e.user?.id ?? "",
    user_email: e.user?.email ?? "",
    user_username: e.user?.username ?? "",
    user_ip: e.user?.ip_address ?? "",
    user: userKey(e),
    sdk_name: e.sdk?.name ?? "",
    sdk_version: e.sdk?.version ?? "",
    "tags.key": tags.map(([k]) => k),
    "tags.value": tags.map(([, v]) => v),
    "exception_stacks.type": stacks.map((s) => s.type ?? ""),
    "exception_stacks.value": stacks.map((s) => s.value ?? ""),
    "exception_stacks.mechanism_type": stacks.map((s) => s.mechanism?.type ?? ""),
    // Unknown counts as handled, as in Sentry (only an explicit `handled: false` is unhandled).
    "exception_stacks.mechanism_handled": stacks.map((s) => (s.mechanism?.handled === false ? 0 : 1)),
    "exception_frames.abs_path": frames.map(({ frame }) => frame.abs_path ?? ""),
    "exception_frames.filename": frames.map(({ frame }) => frame.filename ?? ""),
    "exception_frames.function": frames.map(({ frame }) => frame.function ?? ""),
    "exception_frames.module": frames.map(({ frame }) => frame.module ?? ""),
    "exception_frames.lineno": frames.map(({ frame }) => clampUInt(frame.lineno, 0xffff_ffff)),
    "exception_frames.colno": frames.map(({ frame }) => clampUInt(frame.colno, 0xffff_ffff)),
    "exception_frames.in_app": frames.map(({ frame }) => (frame.in_app ? 1 : 0)),
    "exception_frames.stack_level": frames.map(({ level }) => clampUInt(level, 0xffff)),
    data: storedEventData(record, grouping),
  };
}

/** Fits an optional integer into an unsigned column (0 = unknown), instead of failing the insert. */
function clampUInt(value: number | undefined, max: number): number {
  if (value === undefined || !Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.floor(value), max);
}
