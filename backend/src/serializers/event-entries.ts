/**
 * @module
 * The `entries` of Sentry's event JSON: one per interface (exception, stacktrace, message,
 * breadcrumbs, request), in Sentry's camelCase shapes.
 * @see https://docs.sentry.io/api/events/retrieve-an-event-for-a-project/
 */
import type { Event, Frame, SingleException, Stacktrace } from "@breakwater/core/schema";

/** One entry of an event's `entries`. */
export interface EventEntry {
  type: "exception" | "stacktrace" | "message" | "breadcrumbs" | "request";
  data: Record<string, unknown>;
}

/** Sentry's frame JSON. `context` pairs line numbers with source lines around `lineNo`. */
export function serializeFrame(frame: Frame) {
  const lineNo = frame.lineno ?? null;
  const context: [number, string][] = [];
  if (lineNo !== null && frame.context_line !== undefined) {
    const pre = frame.pre_context ?? [];
    for (const [i, line] of pre.entries()) context.push([lineNo - pre.length + i, line]);
    context.push([lineNo, frame.context_line]);
    for (const [i, line] of (frame.post_context ?? []).entries()) context.push([lineNo + 1 + i, line]);
  }
  return {
    filename: frame.filename ?? null,
    absPath: frame.abs_path ?? null,
    module: frame.module ?? null,
    package: frame.package ?? null,
    platform: frame.platform ?? null,
    instructionAddr: null,
    symbolAddr: null,
    function: frame.function ?? null,
    rawFunction: frame.raw_function ?? null,
    symbol: null,
    context,
    lineNo,
    colNo: frame.colno ?? null,
    inApp: frame.in_app ?? false,
    trust: null,
    errors: null,
    vars: frame.vars ?? null,
  };
}

function serializeStacktrace(st: Stacktrace | undefined) {
  if (!st) return null;
  const frames = st.frames.map(serializeFrame);
  return { frames, framesOmitted: null, registers: null, hasSystemFrames: frames.some((f) => !f.inApp) };
}

function serializeException(e: SingleException) {
  return {
    type: e.type ?? null,
    value: e.value ?? null,
    module: e.module ?? null,
    mechanism: e.mechanism ?? null,
    threadId: null,
    stacktrace: serializeStacktrace(e.stacktrace),
    rawStacktrace: null,
  };
}

/** Header maps and query strings come as objects, pair lists or strings; Sentry shows pairs. */
function toPairs(value: unknown): [string, string][] | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return [...new URLSearchParams(value.replace(/^\?/, ""))];
  if (Array.isArray(value)) {
    return value
      .filter((p): p is [unknown, unknown] => Array.isArray(p) && p.length === 2)
      .map(([k, v]) => [String(k), String(v)]);
  }
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => [k, String(v)]);
  return null;
}

function isoTimestamp(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  if (typeof value === "string") return value;
  return null;
}

/** Builds the entries of an event, in the order Sentry's UI shows them. */
export function eventEntries(event: Event): EventEntry[] {
  const entries: EventEntry[] = [];
  const exceptions = event.exception?.values ?? [];
  if (exceptions.length > 0) {
    const values = exceptions.map(serializeException);
    const hasSystemFrames = values.some((v) => v.stacktrace?.hasSystemFrames === true);
    entries.push({ type: "exception", data: { values, excOmitted: null, hasSystemFrames } });
  }
  const stacktrace = serializeStacktrace(event.stacktrace);
  if (stacktrace) entries.push({ type: "stacktrace", data: stacktrace });
  if (event.logentry) {
    const { formatted, message, params } = event.logentry;
    entries.push({
      type: "message",
      data: { formatted: formatted ?? message ?? "", message: message ?? null, params: params ?? null },
    });
  }
  const crumbs = event.breadcrumbs?.values ?? [];
  if (crumbs.length > 0) {
    const values = crumbs.map((b) => ({
      type: typeof b.type === "string" ? b.type : "default",
      category: typeof b.category === "string" ? b.category : null,
      level: typeof b.level === "string" ? b.level : "info",
      message: typeof b.message === "string" ? b.message : null,
      timestamp: isoTimestamp(b.timestamp),
      data: b.data ?? null,
      event_id: null,
    }));
    entries.push({ type: "breadcrumbs", data: { values } });
  }
  if (event.request) {
    const r = event.request;
    entries.push({
      type: "request",
      data: {
        url: r.url ?? null,
        method: r.method ?? null,
        query: toPairs(r.query_string) ?? [],
        fragment: null,
        data: r.data ?? null,
        headers: toPairs(r.headers) ?? [],
        cookies: toPairs(r.cookies) ?? [],
        env: r.env ?? null,
        inferredContentType: null,
        apiTarget: null,
      },
    });
  }
  return entries;
}
