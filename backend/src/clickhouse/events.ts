/**
 * @module
 * Reads and writes of the `events` table (one file per table, STYLE a). Every query filters
 * `deleted = 0` and `project_id` (DESIGN 4).
 */
import { z } from "zod";
import { sql } from "./escape.ts";
import type { Inserter, Querier } from "./interface.ts";

/** One `events` row as inserted (JSONEachRow); Nested columns as parallel `name.sub` arrays. */
export type EventRow = {
  project_id: number;
  /** Unix seconds (DateTime). */
  timestamp: number;
  event_id: string;
  group_id: number;
  primary_hash: string;
  received: number;
  retention_days: number;
  deleted: 0 | 1;
  platform: string;
  level: string;
  environment: string;
  release: string;
  dist: string;
  logger: string;
  server_name: string;
  transaction: string;
  title: string;
  culprit: string;
  message: string;
  user_id: string;
  user_email: string;
  user_username: string;
  user_ip: string;
  user: string;
  sdk_name: string;
  sdk_version: string;
  "tags.key": string[];
  "tags.value": string[];
  "exception_stacks.type": string[];
  "exception_stacks.value": string[];
  "exception_stacks.mechanism_type": string[];
  "exception_stacks.mechanism_handled": number[];
  "exception_frames.abs_path": string[];
  "exception_frames.filename": string[];
  "exception_frames.function": string[];
  "exception_frames.module": string[];
  "exception_frames.lineno": number[];
  "exception_frames.colno": number[];
  "exception_frames.in_app": number[];
  "exception_frames.stack_level": number[];
  data: string;
};

/** Inserts a batch of events in one JSONEachRow insert. */
export async function insertEvents(inserter: Inserter, rows: readonly EventRow[]): Promise<void> {
  await inserter.insertJsonEachRow("events", rows);
}

/** Identifies one event. */
export interface EventKey {
  projectId: number;
  eventId: string;
}

/** `${projectId}:${eventId}`: how dedupe compares events. */
export const eventKey = (k: EventKey): string => `${k.projectId}:${k.eventId}`;

const ExistingRowSchema = z.object({ project_id: z.coerce.number(), event_id: z.string() });

/**
 * Which of `keys` are already stored, in ONE query for the whole batch (ingest dedupe).
 * @returns the stored keys, formatted by `eventKey`
 */
export async function findStoredEvents(querier: Querier, keys: readonly EventKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const projectIds = [...new Set(keys.map((k) => k.projectId))];
  const eventIds = [...new Set(keys.map((k) => k.eventId))];
  const rows = await querier.query(
    sql`SELECT DISTINCT project_id, event_id FROM events
        WHERE deleted = 0 AND project_id IN ${projectIds} AND event_id IN ${eventIds}`,
    ExistingRowSchema,
  );
  // The IN x IN product may match pairs that were not asked for; the caller checks exact keys.
  return new Set(rows.map((r) => eventKey({ projectId: r.project_id, eventId: r.event_id })));
}

/** The columns the REST API reads back; the rest of the event is in `data`. */
export const StoredEventSchema = z
  .object({
    event_id: z.string(),
    project_id: z.coerce.number(),
    group_id: z.coerce.number(),
    primary_hash: z.string(),
    ts: z.coerce.number(),
    received_ts: z.coerce.number(),
    title: z.string(),
    culprit: z.string(),
    data: z.string(),
  })
  .transform(({ ts, received_ts, ...row }) => ({ ...row, timestamp: ts, received: received_ts }));
/** An event as the REST API reads it back (timestamps in unix seconds). */
export type StoredEvent = z.output<typeof StoredEventSchema>;

// DateTimes come back as unix seconds so that the server's timezone never matters. The aliases
// differ from the column names: old servers reject `f(timestamp) AS timestamp` as a cyclic alias.
const STORED_COLUMNS = `event_id, project_id, group_id, primary_hash, toUnixTimestamp(timestamp) AS ts,
  toUnixTimestamp(received) AS received_ts, title, culprit, data`;

/** One event by id, or null. */
export async function getEvent(querier: Querier, projectId: number, eventId: string): Promise<StoredEvent | null> {
  const rows = await querier.query(
    `SELECT ${STORED_COLUMNS} FROM events
     WHERE ${sql`deleted = 0 AND project_id = ${projectId} AND event_id = ${eventId}`} LIMIT 1`,
    StoredEventSchema,
  );
  return rows[0] ?? null;
}

/** Page of an issue's events, newest first. */
export async function listGroupEvents(
  querier: Querier,
  projectId: number,
  groupId: number,
  page: { offset: number; limit: number },
): Promise<StoredEvent[]> {
  return querier.query(
    `SELECT ${STORED_COLUMNS} FROM events
     WHERE ${sql`deleted = 0 AND project_id = ${projectId} AND group_id = ${groupId}`}
     ORDER BY timestamp DESC, event_id DESC
     ${sql`LIMIT ${page.offset}, ${page.limit}`}`,
    StoredEventSchema,
  );
}

const IdRowSchema = z.object({ event_id: z.string() });

/** The events just before and after `event` within its issue (by timestamp, then id), for navigation. */
export async function adjacentGroupEvents(
  querier: Querier,
  event: Pick<StoredEvent, "project_id" | "group_id" | "timestamp" | "event_id">,
): Promise<{ previous: string | null; next: string | null }> {
  const scope = sql`deleted = 0 AND project_id = ${event.project_id} AND group_id = ${event.group_id}`;
  const t = event.timestamp;
  const id = event.event_id;
  // No tuple comparison: 18.16 cannot compare tuples.
  const [prev, next] = await Promise.all([
    querier.query(
      `SELECT event_id FROM events WHERE ${scope}
       AND ${sql`(timestamp < toDateTime(${t}) OR (timestamp = toDateTime(${t}) AND event_id < ${id}))`}
       ORDER BY timestamp DESC, event_id DESC LIMIT 1`,
      IdRowSchema,
    ),
    querier.query(
      `SELECT event_id FROM events WHERE ${scope}
       AND ${sql`(timestamp > toDateTime(${t}) OR (timestamp = toDateTime(${t}) AND event_id > ${id}))`}
       ORDER BY timestamp ASC, event_id ASC LIMIT 1`,
      IdRowSchema,
    ),
  ]);
  return { previous: prev[0]?.event_id ?? null, next: next[0]?.event_id ?? null };
}
