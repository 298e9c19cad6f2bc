/**
 * @module
 * Tags: SDKs send an object or a list of pairs; the event stores pairs of strings. Each pair is checked
 * on its own, so one bad tag does not cost the others. Then the tags Sentry derives from the event's
 * attributes and contexts are added, unless the SDK already set that key.
 * @see https://develop.sentry.dev/sdk/data-model/event-payloads/#optional-attributes
 */
import type { Remarks } from "./remarks.ts";
import { isObject, type JsonObject } from "./values.ts";

/** A tag as stored: `[key, value]`. */
export type TagPair = [string, string];

/** Sentry's `TAG_KEY_RE`, with its 200-character limit. */
const TAG_KEY = /^[a-zA-Z0-9_.:-]{1,200}$/;
/** Longest tag value Sentry stores. */
export const MAX_TAG_VALUE_LENGTH = 200;

/** True when `key` may be a tag key. */
export function isValidTagKey(key: string): boolean {
  return TAG_KEY.test(key);
}

/** True when `value` may be a tag value: 1–200 characters, no newline. */
export function isValidTagValue(value: string): boolean {
  return value.length > 0 && value.length <= MAX_TAG_VALUE_LENGTH && !/[\n\r]/.test(value);
}

function tagValue(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/**
 * Turns SDK tags into validated, de-duplicated pairs (first occurrence wins). A `null` value means
 * "not set" and is skipped silently; any other bad pair is dropped with an `invalid_data` remark.
 */
export function normalizeTags(raw: unknown, remarks: Remarks): TagPair[] {
  if (raw === undefined || raw === null) return [];
  let entries: unknown[];
  if (Array.isArray(raw)) entries = raw;
  else if (isObject(raw)) entries = Object.entries(raw);
  else {
    remarks.invalidData("tags", raw);
    return [];
  }
  const out: TagPair[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      remarks.invalidData("tags", entry);
      continue;
    }
    const [rawKey, rawValue] = entry;
    if (rawValue === null || rawValue === undefined) continue;
    const key = typeof rawKey === "string" ? rawKey.trim() : undefined;
    const value = tagValue(rawValue);
    if (key === undefined || value === undefined || !isValidTagKey(key) || !isValidTagValue(value)) {
      remarks.invalidData("tags", entry);
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([key, value]);
  }
  return out;
}

/** The fields of a normalized event that tags are derived from. */
export interface TagSources {
  level: string;
  environment?: string | undefined;
  release?: string | undefined;
  dist?: string | undefined;
  server_name?: string | undefined;
  transaction?: string | undefined;
  user?: JsonObject | undefined;
  request?: JsonObject | undefined;
  contexts?: JsonObject | undefined;
}

/** Sentry's user tag: the first of id, email, username, ip as `kind:value`. */
export function userTagValue(user: JsonObject | undefined): string | undefined {
  if (!user) return undefined;
  for (const [field, kind] of [
    ["id", "id"],
    ["email", "email"],
    ["username", "username"],
    ["ip_address", "ip"],
  ] as const) {
    const v = user[field];
    if (typeof v === "string" && v !== "") return `${kind}:${v}`;
  }
  return undefined;
}

/** The request URL without query string and fragment, as Sentry's `url` tag shows it. */
function urlTagValue(request: JsonObject | undefined): string | undefined {
  const url = request?.url;
  if (typeof url !== "string") return undefined;
  return url.split(/[?#]/, 1)[0];
}

const CONTEXT_TAG_TYPES = new Set(["runtime", "os", "browser"]);

/** `runtime`/`os`/`browser` contexts give `<key>` = "name version" and `<key>.name` = name. */
function contextTags(contexts: JsonObject | undefined): [string, string | undefined][] {
  if (!contexts) return [];
  const out: [string, string | undefined][] = [];
  for (const [key, context] of Object.entries(contexts)) {
    if (!isObject(context)) continue;
    const type = typeof context.type === "string" ? context.type : key;
    if (!CONTEXT_TAG_TYPES.has(type) || typeof context.name !== "string") continue;
    const version = tagValue(context.version);
    out.push([key, version ? `${context.name} ${version}` : context.name], [`${key}.name`, context.name]);
  }
  return out;
}

/**
 * Appends the derived tags to `tags` (in place) for every key the SDK has not set. Values that would
 * not be valid tags (too long, multi-line) are skipped: the attribute itself keeps the full value.
 */
export function addDerivedTags(tags: TagPair[], event: TagSources): TagPair[] {
  const present = new Set(tags.map(([key]) => key));
  const derived: [string, string | undefined][] = [
    ["level", event.level],
    ["environment", event.environment],
    ["release", event.release],
    ["dist", event.dist],
    ["server_name", event.server_name],
    ["transaction", event.transaction],
    ["user", userTagValue(event.user)],
    ["url", urlTagValue(event.request)],
    ...contextTags(event.contexts),
  ];
  for (const [key, raw] of derived) {
    const value = raw?.trim();
    if (value === undefined || present.has(key) || !isValidTagKey(key) || !isValidTagValue(value)) continue;
    present.add(key);
    tags.push([key, value]);
  }
  return tags;
}
