/**
 * @module
 * `normalizeEvent`: any JSON in, a valid {@link Event} out, never an exception. This is the light
 * version of Relay's `StoreProcessor`: validate each known field, drop what is invalid with a remark,
 * fill the defaults, canonicalize ids, timestamps and tags, move a legacy `environment` tag to its
 * field, trim long messages, culprits and transaction names, and derive the tags Sentry shows.
 * Unknown fields pass through untouched. `logger` is left unset when the SDK sends none, as Relay
 * leaves it (Sentry shows no logger rather than a made-up one).
 * @see https://develop.sentry.dev/sdk/data-model/event-payloads/
 */
import type { Event } from "../schema/index.ts";
import {
  DEFAULT_LEVEL,
  DEFAULT_PLATFORM,
  isValidDist,
  isValidEnvironment,
  isValidRelease,
  normalizePlatform,
  parseLevel,
} from "./attributes.ts";
import { moveEnvironmentTag } from "./environment.ts";
import { canonicalEventId, generateEventId } from "./event-id.ts";
import { type EventField, validateField, validateString } from "./fields.ts";
import { normalizeLogEntry, trimLogEntry } from "./logentry.ts";
import { Remarks } from "./remarks.ts";
import { addDerivedTags, normalizeTags } from "./tags.ts";
import { normalizeTimestamp } from "./timestamp.ts";
import { MAX_CULPRIT_CHARS, MAX_TRANSACTION_CHARS, trimString } from "./trim.ts";
import { normalizeUserIp, resolveRemoteAddr } from "./user.ts";
import { isObject, type JsonObject } from "./values.ts";

/** What the edge knows about an event beyond its payload. */
export interface NormalizeContext {
  /** Unix seconds (fractional) when the edge received the event; the default `timestamp`. */
  received: number;
  /** `event_id` from the envelope header. When valid it is authoritative, as in Relay. */
  eventId?: string;
  /** The client's IP address, substituted for `{{auto}}` in `user.ip_address`. */
  clientIp?: string;
  /** `sent_at` from the envelope header (RFC 3339); enables clock-drift correction. */
  sentAt?: string;
}

/** Fields that only need their schema. */
const PLAIN_FIELDS: readonly EventField[] = [
  "logger",
  "transaction",
  "server_name",
  "culprit",
  "exception",
  "stacktrace",
  "extra",
  "request",
  "contexts",
  "breadcrumbs",
  "sdk",
  "fingerprint",
  "modules",
];

/** Sets or deletes `key` so that absent values never appear as `undefined` members. */
function assign(out: JsonObject, key: string, value: unknown): void {
  if (value === undefined) delete out[key];
  else out[key] = value;
}

function normalizeObject(input: unknown, ctx: NormalizeContext, remarks: Remarks): Event {
  if (!isObject(input)) remarks.invalidData("event", input);
  // Spread defines own data properties, so a JSON `__proto__` key stays an ordinary field.
  const out: JsonObject = isObject(input) ? { ...input } : {};

  const payloadId = input && isObject(input) ? input.event_id : undefined;
  const canonicalPayloadId = canonicalEventId(payloadId);
  if (payloadId !== undefined && payloadId !== null && canonicalPayloadId === undefined) {
    remarks.invalidData("event_id", payloadId);
  }
  out.event_id = canonicalEventId(ctx.eventId) ?? canonicalPayloadId ?? generateEventId();
  out.timestamp = normalizeTimestamp(out.timestamp, ctx.received, ctx.sentAt, remarks);
  out.received = ctx.received;

  const level = out.level === undefined || out.level === null ? DEFAULT_LEVEL : parseLevel(out.level);
  if (level === undefined) remarks.invalidData("level", out.level);
  const finalLevel = level ?? DEFAULT_LEVEL;
  out.level = finalLevel;

  const platform = validateField("platform", out.platform, remarks);
  out.platform = platform === undefined ? DEFAULT_PLATFORM : normalizePlatform(platform);

  for (const field of PLAIN_FIELDS) assign(out, field, validateField(field, out[field], remarks));
  assign(out, "release", validateString("release", out.release, isValidRelease, remarks));
  assign(out, "environment", validateString("environment", out.environment, isValidEnvironment, remarks));
  assign(out, "dist", validateString("dist", out.dist, isValidDist, remarks));

  assign(out, "logentry", trimLogEntry(normalizeLogEntry(out.logentry, out.message, remarks), remarks));
  delete out.message;
  if (typeof out.culprit === "string") out.culprit = trimString(out.culprit, MAX_CULPRIT_CHARS, "culprit", remarks);
  if (typeof out.transaction === "string") {
    out.transaction = trimString(out.transaction, MAX_TRANSACTION_CHARS, "transaction", remarks);
  }

  const user = validateField("user", out.user, remarks);
  assign(out, "user", user && normalizeUserIp(user, ctx.clientIp, remarks));
  if (isObject(out.request)) out.request = resolveRemoteAddr(out.request, ctx.clientIp);

  const sdkErrors = validateField("errors", out.errors, remarks) ?? [];
  const tags = normalizeTags(out.tags, remarks);
  assign(out, "environment", moveEnvironmentTag(tags, out.environment as string | undefined, remarks));
  out.tags = addDerivedTags(tags, {
    level: finalLevel,
    environment: out.environment as string | undefined,
    release: out.release as string | undefined,
    dist: out.dist as string | undefined,
    server_name: out.server_name as string | undefined,
    transaction: out.transaction as string | undefined,
    user: out.user as JsonObject | undefined,
    request: out.request as JsonObject | undefined,
    contexts: out.contexts as JsonObject | undefined,
  });
  out.errors = [...sdkErrors, ...remarks.list];
  // Every known field above was either validated against its schema or set by us, and unknown fields
  // are allowed by the loose EventSchema; the property test checks this claim on arbitrary input.
  return out as Event;
}

/**
 * Normalizes an event payload. Never throws: any JSON value in, an event satisfying `EventSchema` out.
 * Invalid fields are dropped and recorded in `errors` as `{type: "invalid_data", name, value}` (the
 * value only when small).
 * @param input the parsed JSON payload of an `event` item or a store request
 * @param ctx what the edge knows: receive time, envelope event id, client IP, envelope `sent_at`
 * @example normalizeEvent({ message: "boom" }, { received: Date.now() / 1000 })
 */
export function normalizeEvent(input: unknown, ctx: NormalizeContext): Event {
  const received = Number.isFinite(ctx.received) ? ctx.received : Date.now() / 1000;
  const safeCtx = { ...ctx, received };
  const remarks = new Remarks();
  try {
    return normalizeObject(input, safeCtx, remarks);
  } catch (e) {
    // Only a bug gets here. The SDK must still get its 200 and the event an id, so keep a skeleton and
    // say what happened in `errors` rather than failing the request.
    remarks.add({ type: "normalization_failed", value: e instanceof Error ? e.message : String(e) });
    return {
      event_id: canonicalEventId(ctx.eventId) ?? generateEventId(),
      timestamp: received,
      received,
      platform: DEFAULT_PLATFORM,
      level: DEFAULT_LEVEL,
      tags: [],
      errors: remarks.list,
    };
  }
}
