/**
 * @module
 * Event JSON in Sentry's shape, built from the stored `data` document plus the row's columns.
 * @see https://docs.sentry.io/api/events/retrieve-an-event-for-a-project/
 */
import { EventSchema } from "@breakwater/core/schema";
import { z } from "zod";
import type { StoredEvent } from "../clickhouse/events.ts";
import { eventTags, messageText } from "../events/derived.ts";
import { type EventEntry, eventEntries } from "./event-entries.ts";

/** The `data` column: the normalized event plus the grouping outputs the pipeline added. */
const StoredDataSchema = EventSchema.extend({
  title: z.string().optional(),
  type: z.enum(["error", "default"]).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  hashes: z.array(z.string()).optional(),
});

type StoredData = z.infer<typeof StoredDataSchema>;

/** Sentry's simple event (issue event lists). */
export interface SimpleEventJson {
  id: string;
  eventID: string;
  groupID: string;
  projectID: string;
  "event.type": "error" | "default";
  title: string;
  message: string;
  culprit: string;
  location: string | null;
  platform: string;
  dateCreated: string;
  user: Record<string, unknown> | null;
  tags: { key: string; value: string }[];
  crashFile: null;
}

/** Sentry's full event (event detail, latest event). */
export interface EventJson extends Omit<SimpleEventJson, "event.type"> {
  type: "error" | "default";
  dateReceived: string;
  size: number;
  sdk: { name: string; version: string } | null;
  contexts: Record<string, unknown>;
  context: Record<string, unknown>;
  packages: Record<string, string>;
  release: { version: string } | null;
  dist: string | null;
  environment: string | null;
  fingerprints: string[];
  metadata: Record<string, unknown>;
  errors: unknown[];
  entries: EventEntry[];
  previousEventID: string | null;
  nextEventID: string | null;
}

const iso = (unixSeconds: number) => new Date(Math.round(unixSeconds * 1000)).toISOString();

/** Parses the stored document; a document that no longer parses is a bug (or a lost migration). */
function parseData(stored: StoredEvent): StoredData {
  return StoredDataSchema.parse(JSON.parse(stored.data));
}

function userJson(e: StoredData): Record<string, unknown> | null {
  if (!e.user) return null;
  const { id, email, username, ip_address, name, ...data } = e.user;
  return {
    id: id ?? null,
    email: email ?? null,
    username: username ?? null,
    ip_address: ip_address ?? null,
    name: name ?? null,
    data: Object.keys(data).length > 0 ? data : null,
  };
}

/** Serializes an event for issue event lists. */
export function serializeSimpleEvent(stored: StoredEvent): SimpleEventJson {
  return simpleEvent(stored, parseData(stored));
}

function simpleEvent(stored: StoredEvent, e: StoredData): SimpleEventJson {
  return {
    id: stored.event_id,
    eventID: stored.event_id,
    groupID: String(stored.group_id),
    projectID: String(stored.project_id),
    "event.type": e.type ?? (e.exception ? "error" : "default"),
    title: stored.title,
    message: messageText(e),
    culprit: stored.culprit,
    location: stored.culprit || null,
    platform: e.platform,
    // The stored event keeps the sub-second timestamp; the column is rounded to seconds.
    dateCreated: iso(e.timestamp),
    user: userJson(e),
    tags: eventTags(e).map(([key, value]) => ({ key, value })),
    crashFile: null,
  };
}

/** Serializes a full event; `adjacent` are the neighbouring event ids within the issue. */
export function serializeEvent(
  stored: StoredEvent,
  adjacent: { previous: string | null; next: string | null } = { previous: null, next: null },
): EventJson {
  const e = parseData(stored);
  const { "event.type": type, ...simple } = simpleEvent(stored, e);
  return {
    ...simple,
    type,
    dateReceived: iso(e.received),
    size: Buffer.byteLength(stored.data, "utf8"),
    sdk: e.sdk ? { name: e.sdk.name, version: e.sdk.version } : null,
    contexts: e.contexts ?? {},
    context: e.extra ?? {},
    packages: e.modules ?? {},
    release: e.release ? { version: e.release } : null,
    dist: e.dist ?? null,
    environment: e.environment ?? null,
    fingerprints: e.hashes ?? [stored.primary_hash],
    metadata: e.metadata ?? {},
    errors: e.errors,
    entries: eventEntries(e),
    previousEventID: adjacent.previous,
    nextEventID: adjacent.next,
  };
}
