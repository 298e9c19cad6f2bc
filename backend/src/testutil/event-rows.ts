/**
 * @module
 * `events` rows for query tests: every column filled with a neutral default, so a test states only
 * what its assertions depend on. Rows go straight to the EventStore (no pipeline), which lets a
 * test build a dataset whose query answers are known exactly.
 */
import { randomBytes } from "node:crypto";
import type { EventRow } from "../clickhouse/events.ts";

/** The parts of a row a test may set; `tags` as pairs. */
export type EventRowInput = Partial<Omit<EventRow, "tags.key" | "tags.value">> & { tags?: [string, string][] };

/** A full row from `input`. */
export function eventRow(input: EventRowInput): EventRow {
  const { tags = [], ...rest } = input;
  const timestamp = rest.timestamp ?? Math.floor(Date.now() / 1000) - 60;
  return {
    project_id: 1,
    timestamp,
    event_id: randomBytes(16).toString("hex"),
    group_id: 1,
    primary_hash: "0".repeat(32),
    received: timestamp,
    retention_days: 90,
    deleted: 0,
    platform: "node",
    level: "error",
    environment: "production",
    release: "",
    dist: "",
    logger: "",
    server_name: "",
    transaction: "",
    title: "Error: boom",
    culprit: "",
    message: "",
    user_id: "",
    user_email: "",
    user_username: "",
    user_ip: "",
    user: "",
    sdk_name: "sentry.javascript.node",
    sdk_version: "8.0.0",
    "exception_stacks.type": [],
    "exception_stacks.value": [],
    "exception_stacks.mechanism_type": [],
    "exception_stacks.mechanism_handled": [],
    "exception_frames.abs_path": [],
    "exception_frames.filename": [],
    "exception_frames.function": [],
    "exception_frames.module": [],
    "exception_frames.lineno": [],
    "exception_frames.colno": [],
    "exception_frames.in_app": [],
    "exception_frames.stack_level": [],
    data: "{}",
    ...rest,
    "tags.key": tags.map(([k]) => k),
    "tags.value": tags.map(([, v]) => v),
  };
}
