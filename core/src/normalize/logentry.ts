/**
 * @module
 * `message` is the legacy alias of `logentry` (Relay: `legacy_alias = "message"`): a string or a
 * `{message, params, formatted}` object. Both become one `logentry`; the primary field wins when an SDK
 * sends both.
 */
import { EVENT_FIELD_SCHEMAS, type LogEntry } from "../schema/index.ts";
import type { Remarks } from "./remarks.ts";
import { MAX_MESSAGE_CHARS, trimString } from "./trim.ts";

function validate(field: "logentry" | "message", raw: unknown, remarks: Remarks): LogEntry | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parsed = EVENT_FIELD_SCHEMAS[field].safeParse(raw);
  if (parsed.success) return parsed.data;
  remarks.invalidData(field, raw);
  return undefined;
}

const PRINTF = /%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifrxXeEgGc%])/g;
const BRACES = /\{(\d*)\}/g;

function paramText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * Formats `message` with `params` the way the SDKs' loggers did: printf style (`%s`, `%d`, `%(name)s`,
 * Python and PHP) or brace style (`{}`, `{0}`, .NET and Java). Placeholders without a param stay as
 * they are. Formatting is positional only, with no width or precision applied: the text is for people.
 * @returns the formatted text, or `undefined` when there is nothing to substitute
 */
export function formatLogMessage(message: string, params: unknown): string | undefined {
  if (Array.isArray(params) && params.length > 0) {
    let next = 0;
    const printf = message.replace(PRINTF, (match, name: string | undefined, conversion: string) => {
      if (conversion === "%") return "%";
      if (name !== undefined || next >= params.length) return match;
      return paramText(params[next++]);
    });
    if (printf !== message) return printf;
    let implicit = 0;
    const braces = message.replace(BRACES, (match, index: string) => {
      const at = index === "" ? implicit++ : Number(index);
      return at < params.length ? paramText(params[at]) : match;
    });
    return braces !== message ? braces : undefined;
  }
  if (params !== null && typeof params === "object" && !Array.isArray(params)) {
    const named = params as Record<string, unknown>;
    const out = message.replace(PRINTF, (match, name: string | undefined, conversion: string) => {
      if (conversion === "%") return "%";
      return name !== undefined && Object.hasOwn(named, name) ? paramText(named[name]) : match;
    });
    return out !== message ? out : undefined;
  }
  return undefined;
}

/**
 * Resolves the event's log entry from `logentry` and `message`.
 * An entry with neither `message` nor `formatted` says nothing and is dropped with a remark; an entry
 * with only `message` gets `formatted` = the message with its params substituted (Relay does the same).
 */
export function normalizeLogEntry(logentry: unknown, message: unknown, remarks: Remarks): LogEntry | undefined {
  const primary = validate("logentry", logentry, remarks);
  const entry = primary ?? validate("message", message, remarks);
  if (entry === undefined) return undefined;
  if (entry.formatted === undefined && entry.message === undefined) {
    remarks.invalidData(primary ? "logentry" : "message", primary ? logentry : message);
    return undefined;
  }
  if (entry.formatted === undefined && entry.message !== undefined) {
    return { ...entry, formatted: formatLogMessage(entry.message, entry.params) ?? entry.message };
  }
  return entry;
}

/**
 * Trims `message` and `formatted` to Relay's 8192 characters (`MaxChars::Message`), after formatting,
 * so a long parameter cannot push the text past the limit.
 */
export function trimLogEntry(entry: LogEntry | undefined, remarks: Remarks): LogEntry | undefined {
  if (entry === undefined) return undefined;
  const out: LogEntry = { ...entry };
  if (out.message !== undefined) out.message = trimString(out.message, MAX_MESSAGE_CHARS, "logentry.message", remarks);
  if (out.formatted !== undefined) {
    out.formatted = trimString(out.formatted, MAX_MESSAGE_CHARS, "logentry.formatted", remarks);
  }
  return out;
}
