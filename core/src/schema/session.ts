/**
 * @module
 * Release health: what SDKs send (`session` updates and `sessions` aggregates) and the counts the
 * edge turns them into. Counts are per (release, environment, minute the sessions started), so the
 * backend only adds them up (a SummingMergeTree, as Snuba's sessions tables).
 * @see https://develop.sentry.dev/sdk/telemetry/sessions/
 */
import { z } from "zod";

export const SESSION_STATUSES = ["ok", "exited", "crashed", "abnormal", "errored"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

const stringish = z.union([z.string(), z.number()]).transform(String);

/** `attrs` of a session or an aggregate: `release` is required, as Relay requires it. */
export const SessionAttributesSchema = z.looseObject({
  release: stringish,
  environment: z.string().optional(),
  ip_address: z.string().optional(),
  user_agent: z.string().optional(),
});

/** One `session` item: an update of one session. */
export const SessionUpdateSchema = z.looseObject({
  sid: z.string(),
  did: stringish.optional(),
  /** The first update of a session: only these count as sessions. */
  init: z.boolean().default(false),
  started: z.union([z.string(), z.number()]),
  timestamp: z.union([z.string(), z.number()]).optional(),
  status: z.enum(SESSION_STATUSES).default("ok"),
  errors: z.number().int().nonnegative().default(0),
  duration: z.number().optional(),
  attrs: SessionAttributesSchema,
});
export type SessionUpdate = z.infer<typeof SessionUpdateSchema>;

/** One bucket of a `sessions` item (server mode: counts per minute, no session ids). */
export const SessionAggregateSchema = z.looseObject({
  started: z.union([z.string(), z.number()]),
  did: stringish.optional(),
  exited: z.number().int().nonnegative().default(0),
  errored: z.number().int().nonnegative().default(0),
  abnormal: z.number().int().nonnegative().default(0),
  crashed: z.number().int().nonnegative().default(0),
});

/** One `sessions` item. */
export const SessionAggregatesSchema = z.looseObject({
  aggregates: z.array(SessionAggregateSchema),
  attrs: SessionAttributesSchema,
});
export type SessionAggregates = z.infer<typeof SessionAggregatesSchema>;

/**
 * Release-health counts for one (release, environment, minute): what an ingest record of kind
 * `session` carries. `errored` counts sessions that errored without crashing or ending abnormally
 * (Sentry's `session.status:errored`), so `sessions - errored - crashed - abnormal` are healthy.
 */
export const SessionCountsSchema = z.object({
  release: z.string().min(1),
  environment: z.string(),
  /** Unix seconds, start of the minute the sessions started in. */
  started: z.number().int(),
  sessions: z.number().int().nonnegative(),
  errored: z.number().int().nonnegative(),
  crashed: z.number().int().nonnegative(),
  abnormal: z.number().int().nonnegative(),
});
export type SessionCounts = z.infer<typeof SessionCountsSchema>;
