/**
 * @module
 * Release health at the edge: a `session` update or a `sessions` aggregate in, counts per (release,
 * environment, minute) out ({@link SessionCounts}), which the backend only adds up.
 *
 * Sentry's counting rules, as Relay's session metrics extraction applies them:
 * - a session counts once, on its update with `init: true`;
 * - `crashed` and `abnormal` count on the update that reports that status;
 * - `errored` counts a session that saw errors but neither crashed nor ended abnormally. Relay keeps
 *   a set of session ids for it; adding up counts cannot, so we count the update where the SDK
 *   reports the first error (status `ok`, `errors > 0`: SDKs send exactly one such update), the
 *   status `errored`, and a session that starts and ends in one update with errors. A session that
 *   errors and later crashes therefore counts in both `errored` and `crashed`.
 * - aggregates (server mode) carry the counts already: `exited + errored + abnormal + crashed`
 *   sessions, of which `errored` errored.
 * Sessions without a release are invalid (Relay drops them), as are start times in the future or
 * older than {@link MAX_SESSION_AGE_SECS}.
 * @see https://develop.sentry.dev/sdk/telemetry/sessions/
 */
import { err, ok, type Result } from "../result.ts";
import {
  type SessionAggregates,
  SessionAggregatesSchema,
  type SessionCounts,
  type SessionUpdate,
  SessionUpdateSchema,
} from "../schema/index.ts";
import { MAX_SECS_IN_FUTURE, parseTimestamp } from "./timestamp.ts";

/** Sessions that started longer ago than this are dropped (Relay's `max_session_secs_in_past`: 5 days). */
export const MAX_SESSION_AGE_SECS = 5 * 24 * 3600;

/** Environment of sessions that name none: Sentry shows `production`. */
export const DEFAULT_SESSION_ENVIRONMENT = "production";

/** Why a session item was dropped (the outcome's reason is `invalid_session`). */
export type SessionError = { code: "invalid_payload"; detail: string } | { code: "invalid_timestamp" };

/** The minute a session started, or an error when unparsable or out of range. */
function startedMinute(started: unknown, received: number): Result<number, SessionError> {
  const t = parseTimestamp(started);
  if (t === undefined || t > received + MAX_SECS_IN_FUTURE || t < received - MAX_SESSION_AGE_SECS) {
    return err({ code: "invalid_timestamp" });
  }
  return ok(Math.floor(t / 60) * 60);
}

function describe(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(".") || "(session)"}: ${i.message}`)
    .join("; ");
}

/** Counts one session update (see the module notes for the rules). */
export function countSessionUpdate(update: SessionUpdate): Omit<SessionCounts, "release" | "environment" | "started"> {
  const { init, status, errors } = update;
  const errored = status === "errored" || (errors > 0 && (status === "ok" || (init && status === "exited"))) ? 1 : 0;
  return {
    sessions: init ? 1 : 0,
    errored,
    crashed: status === "crashed" ? 1 : 0,
    abnormal: status === "abnormal" ? 1 : 0,
  };
}

/**
 * The counts of one `session` item. An update that counts nothing (a plain `exited`) yields no row.
 * @param payload the parsed JSON payload
 * @param received unix seconds when the edge received it
 */
export function sessionUpdateCounts(payload: unknown, received: number): Result<SessionCounts[], SessionError> {
  const parsed = SessionUpdateSchema.safeParse(payload);
  if (!parsed.success) return err({ code: "invalid_payload", detail: describe(parsed.error.issues) });
  const update = parsed.data;
  const started = startedMinute(update.started, received);
  if (!started.ok) return started;
  const counts = countSessionUpdate(update);
  if (counts.sessions + counts.errored + counts.crashed + counts.abnormal === 0) return ok([]);
  const { release, environment } = update.attrs;
  return ok([{ release, environment: environment ?? DEFAULT_SESSION_ENVIRONMENT, started: started.value, ...counts }]);
}

/**
 * The counts of one `sessions` item, one row per bucket (buckets of the same minute merged). A
 * bucket with an invalid start is dropped with the whole item, as Relay does.
 */
export function sessionAggregateCounts(payload: unknown, received: number): Result<SessionCounts[], SessionError> {
  const parsed = SessionAggregatesSchema.safeParse(payload);
  if (!parsed.success) return err({ code: "invalid_payload", detail: describe(parsed.error.issues) });
  const { aggregates, attrs }: SessionAggregates = parsed.data;
  const environment = attrs.environment ?? DEFAULT_SESSION_ENVIRONMENT;
  const byMinute = new Map<number, SessionCounts>();
  for (const bucket of aggregates) {
    const started = startedMinute(bucket.started, received);
    if (!started.ok) return started;
    const row = byMinute.get(started.value) ?? {
      release: attrs.release,
      environment,
      started: started.value,
      sessions: 0,
      errored: 0,
      crashed: 0,
      abnormal: 0,
    };
    row.sessions += bucket.exited + bucket.errored + bucket.abnormal + bucket.crashed;
    row.errored += bucket.errored;
    row.crashed += bucket.crashed;
    row.abnormal += bucket.abnormal;
    byMinute.set(started.value, row);
  }
  return ok([...byMinute.values()].filter((r) => r.sessions + r.errored + r.crashed + r.abnormal > 0));
}
