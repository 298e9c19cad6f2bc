/**
 * @module
 * What the scrubber knows about the event's structure: which positions have a value type (`$frame`,
 * `$user`, …), which fields are never personal data (ids, levels, function names: Relay's
 * `pii = false`) and are left untouched, which arrays are pair lists keyed by their first element,
 * and which positions must stay an object or array for the event to remain a valid `Event`.
 */
import type { ValueType } from "./selector.ts";

export interface Shape {
  /** Schema value types of the value here, besides its JSON type. */
  types?: readonly ValueType[];
  /** Known children; `"skip"` ones are copied unscrubbed. Unlisted children are free-form. */
  fields?: Readonly<Record<string, Shape | "skip">>;
  /** Elements of a schema array: a removed element is taken out rather than left as `null`. */
  items?: Shape;
  /** `[key, value]` pairs addressed as `<this>.<key>`; the keys themselves are never scrubbed. */
  pairs?: boolean;
  /** The JSON type the schema requires: a redaction that would change it removes the value instead. */
  kind?: "object" | "array";
  /** Never removed: an emptied container stays, as the schema requires it. */
  required?: boolean;
}

/** Free-form data: every child scrubbed, no constraints. */
export const FREE: Shape = {};
const SKIP = "skip";
const OBJECT: Shape = { kind: "object" };
const PAIRS: Shape = { pairs: true };
const STRINGS: Shape = { kind: "array", items: {} };

const FRAME: Shape = {
  types: ["frame"],
  kind: "object",
  fields: {
    function: SKIP,
    raw_function: SKIP,
    symbol: SKIP,
    module: SKIP,
    package: SKIP,
    platform: SKIP,
    lineno: SKIP,
    colno: SKIP,
    in_app: SKIP,
    instruction_addr: SKIP,
    symbol_addr: SKIP,
    image_addr: SKIP,
    addr_mode: SKIP,
    function_id: SKIP,
    trust: SKIP,
    lang: SKIP,
    pre_context: STRINGS,
    post_context: STRINGS,
    vars: OBJECT,
  },
};

const STACKTRACE: Shape = {
  types: ["stacktrace"],
  kind: "object",
  fields: { frames: { kind: "array", required: true, items: FRAME }, registers: SKIP },
};

const EXCEPTION: Shape = {
  types: ["exception"],
  kind: "object",
  fields: {
    type: SKIP,
    module: SKIP,
    mechanism: SKIP,
    thread_id: SKIP,
    stacktrace: STACKTRACE,
    raw_stacktrace: STACKTRACE,
  },
};

const THREAD: Shape = {
  types: ["thread"],
  fields: { id: SKIP, crashed: SKIP, current: SKIP, main: SKIP, state: SKIP, stacktrace: STACKTRACE },
};

const LOGENTRY: Shape = { types: ["logentry"], kind: "object" };

const REQUEST: Shape = {
  types: ["request"],
  kind: "object",
  fields: { method: SKIP, headers: PAIRS, cookies: PAIRS, query_string: PAIRS, data: PAIRS, env: FREE },
};

const BREADCRUMB: Shape = {
  types: ["breadcrumb"],
  kind: "object",
  fields: { type: SKIP, category: SKIP, level: SKIP, timestamp: SKIP, event_id: SKIP },
};

const values = (items: Shape, kind?: "object"): Shape => ({
  kind,
  fields: { values: { kind: "array", required: true, items } },
});

/** The normalized event (`core/schema` `Event`). */
export const EVENT_SHAPE: Shape = {
  types: ["event"],
  fields: {
    event_id: SKIP,
    timestamp: SKIP,
    start_timestamp: SKIP,
    received: SKIP,
    platform: SKIP,
    level: SKIP,
    logger: SKIP,
    release: SKIP,
    dist: SKIP,
    environment: SKIP,
    // Route names and culprits identify code, and issues are titled and grouped by them.
    transaction: SKIP,
    culprit: SKIP,
    type: SKIP,
    version: SKIP,
    sdk: SKIP,
    modules: SKIP,
    fingerprint: SKIP,
    debug_meta: SKIP,
    _meta: SKIP,
    tags: { kind: "array", required: true, pairs: true },
    errors: { kind: "array", required: true, items: { kind: "object", fields: { type: SKIP, name: SKIP } } },
    exception: values(EXCEPTION, "object"),
    threads: values(THREAD),
    breadcrumbs: values(BREADCRUMB, "object"),
    stacktrace: STACKTRACE,
    logentry: LOGENTRY,
    message: LOGENTRY,
    request: REQUEST,
    user: { types: ["user"], kind: "object" },
    extra: OBJECT,
    contexts: OBJECT,
  },
};
