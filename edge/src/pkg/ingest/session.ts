/**
 * @module
 * Release health at the edge: a `session` or `sessions` item becomes ingest records of kind
 * `session`, counts per (release, environment, minute) that the backend adds up (core's
 * `sessionUpdateCounts` / `sessionAggregateCounts` hold Sentry's counting rules). A session's IP
 * address and user agent never leave the edge: the counts do not carry them.
 */
import { type SessionError, sessionAggregateCounts, sessionUpdateCounts } from "@breakwater/core/normalize";
import { err, ok, type Result } from "@breakwater/core/protocol";
import type { ProjectConfig, SessionRecord } from "@breakwater/core/schema";
import type { Rejection } from "./discard.ts";
import { parseJsonObject } from "./event.ts";

/**
 * Parses one session item.
 * @returns a 400 rejection when the payload is not a JSON object; else the records, or why the
 *   session is invalid (dropped alone, outcome `invalid` / `invalid_session`)
 */
export function prepareSessions(
  type: "session" | "sessions",
  payload: Uint8Array,
  config: ProjectConfig,
  received: number,
): Result<Result<SessionRecord[], SessionError>, Rejection> {
  const parsed = parseJsonObject(payload, type);
  if (!parsed.ok) return parsed;
  const counts =
    type === "session" ? sessionUpdateCounts(parsed.value, received) : sessionAggregateCounts(parsed.value, received);
  if (!counts.ok) return ok(err(counts.error));
  const { projectId, keyId } = config;
  return ok(
    ok(
      counts.value.map(
        (session): SessionRecord => ({ kind: "session", project_id: projectId, key_id: keyId, received, session }),
      ),
    ),
  );
}
