/**
 * @module
 * Matching a selector against the path of the value being scrubbed. A path is the list of segments
 * from the event root to the value; each segment has its key (or array index) and the value types
 * of the value there (`$string`, `$frame`, …).
 *
 * Semantics, as Relay's `SelectorSpec::matches_path`: a path selector matches a *suffix* of the
 * path (`password` matches every key named password, `$frame.vars` every frame's vars); `*` is one
 * segment, `**` one or more, and the items before `**` may match anywhere above it.
 */
import type { PathItem, Selector, ValueType } from "./selector.ts";

/** One step of the path to a value. */
export interface PathSegment {
  /** The key, lower-cased (object keys and pair-list keys). */
  key?: string;
  /** The position in an array. */
  index?: number;
  /** What the value at this segment is. */
  types: readonly ValueType[];
}

function itemMatches(item: PathItem, segment: PathSegment): boolean {
  switch (item.kind) {
    case "type":
      return segment.types.includes(item.type);
    case "index":
      return segment.index === item.index;
    case "key":
      return segment.key === item.key;
    case "wildcard":
    case "deep":
      return true;
  }
}

/**
 * True when `items[from..to)` match `path[at..at + (to - from))`. Checked from the end: the last item
 * (usually a key) rejects most paths at once.
 */
function runMatches(items: readonly PathItem[], from: number, to: number, path: readonly PathSegment[], at: number) {
  for (let i = to - 1; i >= from; i--) if (!itemMatches(items[i]!, path[at + i - from]!)) return false;
  return true;
}

function pathMatches(items: readonly PathItem[], path: readonly PathSegment[]): boolean {
  let deep = -1;
  for (let i = 0; i < items.length; i++) if (items[i]!.kind === "deep") deep = i;
  if (deep === -1) {
    return items.length <= path.length && runMatches(items, 0, items.length, path, path.length - items.length);
  }
  const suffix = items.length - deep - 1;
  const suffixStart = path.length - suffix;
  // The items after `**` end the path; `**` takes at least one segment before them.
  if (suffixStart < 1 || !runMatches(items, deep + 1, items.length, path, suffixStart)) return false;
  // The items before `**` match a run that ends before the segment(s) `**` covers.
  for (let start = 0; start + deep < suffixStart; start++) {
    if (runMatches(items, 0, deep, path, start)) return true;
  }
  return false;
}

/**
 * True when `selector` picks the value at the end of `path`.
 * @example
 * matchesSelector(parse("$frame.vars.*"), [root, exception, values, 0, stacktrace, frames, 3, vars, "token"])
 */
export function matchesSelector(selector: Selector, path: readonly PathSegment[]): boolean {
  switch (selector.op) {
    case "path":
      return pathMatches(selector.items, path);
    case "and":
      for (const item of selector.items) if (!matchesSelector(item, path)) return false;
      return true;
    case "or":
      for (const item of selector.items) if (matchesSelector(item, path)) return true;
      return false;
    case "not":
      return !matchesSelector(selector.item, path);
  }
}

/** A selector compiled for repeated matching. */
export type PathMatcher = (path: readonly PathSegment[]) => boolean;

function lastKey(selector: Selector): string | undefined {
  if (selector.op !== "path") return undefined;
  const last = selector.items[selector.items.length - 1]!;
  return last.kind === "key" ? last.key : undefined;
}

/**
 * Compiles a selector into a matcher with the same answers as {@link matchesSelector}, faster: the
 * scrubber asks every application's selector at every value, and most alternatives of an `||` end
 * in a key that the current value does not have, so they are indexed by that key.
 * @example
 * const matches = compileSelector(parse("$frame.filename || $error.value"));
 * matches(path) // looks at `$frame.filename` only when the last key is "filename"
 */
export function compileSelector(selector: Selector): PathMatcher {
  switch (selector.op) {
    case "path": {
      const items = selector.items;
      const last = items[items.length - 1]!;
      if (last.kind === "key") {
        return (path) => path[path.length - 1]?.key === last.key && pathMatches(items, path);
      }
      return (path) => pathMatches(items, path);
    }
    case "not": {
      const inner = compileSelector(selector.item);
      return (path) => !inner(path);
    }
    case "and": {
      const items = selector.items.map(compileSelector);
      return (path) => {
        for (const item of items) if (!item(path)) return false;
        return true;
      };
    }
    case "or": {
      const byKey = new Map<string, PathMatcher[]>();
      const rest: PathMatcher[] = [];
      for (const item of selector.items) {
        const key = lastKey(item);
        const matcher = compileSelector(item);
        if (key === undefined) rest.push(matcher);
        else byKey.set(key, [...(byKey.get(key) ?? []), matcher]);
      }
      return (path) => {
        const key = path[path.length - 1]?.key;
        const keyed = key === undefined ? undefined : byKey.get(key);
        if (keyed) for (const m of keyed) if (m(path)) return true;
        for (const m of rest) if (m(path)) return true;
        return false;
      };
    }
  }
}

/**
 * A shortcut past a selector: unless the path has one of `keys[o]` as the key `o` segments above its
 * end (for some `o`), the selector's answer is `otherwise`, whatever the rest of the path.
 */
export interface SelectorGate {
  /** Index `o`: keys at the segment `o` above the value (`0`: the value's own key). */
  keys: ReadonlyArray<ReadonlySet<string> | undefined>;
  otherwise: boolean;
}

/** A path's last key item at a fixed distance from the end (after `**`, if any). */
function pathGate(items: readonly PathItem[]): SelectorGate | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.kind === "deep") return undefined;
    if (item.kind === "key") {
      const keys: Set<string>[] = [];
      keys[items.length - 1 - i] = new Set([item.key]);
      return { keys, otherwise: false };
    }
  }
  return undefined;
}

function unionGate(gates: readonly SelectorGate[], otherwise: boolean): SelectorGate {
  const keys: Set<string>[] = [];
  for (const gate of gates) {
    gate.keys.forEach((set, o) => {
      if (!set) return;
      const into = keys[o] ?? new Set<string>();
      for (const key of set) into.add(key);
      keys[o] = into;
    });
  }
  return { keys, otherwise };
}

/**
 * The gate of a selector, if it has one: the keys its paths end in (or end a fixed number of
 * segments after). `$frame.filename || $error.value` is `false` unless the value's key is `filename`
 * or `value`; `!(…)` of it is `true` then. Lets the walk answer most selectors with one set lookup.
 * @example
 * selectorGate(parse("$http.cookies.* || $http.headers.cookie"))
 * // { keys: [Set {"cookie"}, Set {"cookies"}], otherwise: false }
 */
export function selectorGate(selector: Selector): SelectorGate | undefined {
  switch (selector.op) {
    case "path":
      return pathGate(selector.items);
    case "not": {
      const inner = selectorGate(selector.item);
      return inner && { keys: inner.keys, otherwise: !inner.otherwise };
    }
    case "and":
    case "or": {
      // An `and` is false once a part is false: one gated part that defaults to false gates it all.
      const decisive = selector.op === "or";
      const gates = selector.items.map(selectorGate);
      const settles = gates.find((g) => g !== undefined && g.otherwise === decisive);
      if (settles) return settles;
      if (gates.some((g) => g === undefined)) return undefined;
      return unionGate(gates as SelectorGate[], !decisive);
    }
  }
}

/**
 * True when the gate lets the path through to the full selector (some gate key is where it must be).
 * @example
 * gateOpen(gate, path) || gate.otherwise === matches(path) // always true
 */
export function gateOpen(gate: SelectorGate, path: readonly PathSegment[]): boolean {
  const keys = gate.keys;
  for (let o = 0; o < keys.length; o++) {
    const set = keys[o];
    if (set === undefined) continue;
    const key = path[path.length - 1 - o]?.key;
    if (key !== undefined && set.has(key)) return true;
  }
  return false;
}
