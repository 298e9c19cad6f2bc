/**
 * @module
 * The event walk behind `scrubEvent` (Relay's `PiiProcessor`): at every value, the rules of every
 * application whose selector matches the value's path, containers before their children (so
 * `@anything:remove` on `$frame.vars` drops the vars without scanning them). Copy-on-write: a
 * container is copied only when something inside it changed, unchanged subtrees are shared.
 */
import type { CompiledApplication } from "./defaults.ts";
import { FREE, type Shape } from "./event-shape.ts";
import { applyRule, INERT, REMOVED } from "./rule.ts";
import type { ValueType } from "./selector.ts";
import type { PathSegment } from "./selector-match.ts";

/** Deeper containers are replaced whole: no real event nests this far, and recursion must stay bounded. */
const MAX_DEPTH = 100;

/** Enough rounds for one replacement to expose another (a card next to a UUID); more never happen. */
const MAX_ROUNDS = 3;

/** The state of one walk. */
export class Walk {
  /** Values changed or removed so far. */
  scrubbed = 0;
  readonly path: PathSegment[] = [{ types: ["object", "event"] }];
  /** Segment objects reused per depth: the path is only read while its value is visited. */
  private readonly pool: PathSegment[] = [];

  constructor(private readonly applications: readonly CompiledApplication[]) {}

  enter(key: string | undefined, index: number | undefined, types: readonly ValueType[]): void {
    const depth = this.path.length;
    let segment = this.pool[depth];
    if (segment) {
      segment.key = key;
      segment.index = index;
      segment.types = types;
    } else {
      segment = { key, index, types };
      this.pool[depth] = segment;
    }
    this.path.push(segment);
  }

  /** Every matching application's rules, once; with `contentOnly`, no key or `anything` rules. */
  private applyAll(value: unknown, key: string | undefined, contentOnly: boolean): unknown {
    let current = value;
    for (const app of this.applications) {
      if (!app.matches(this.path)) continue;
      const text = typeof current === "string" ? current : typeof current === "number" ? String(current) : undefined;
      const readsText = text !== undefined && (app.quick === undefined || app.quick.test(text));
      for (const rule of readsText ? app.rules : app.containerRules) {
        if (contentOnly && rule.matcher.kind === "anything") continue;
        current = applyRule(rule, key, current);
        if (current === REMOVED) return REMOVED;
      }
    }
    return current;
  }

  /**
   * Applies every matching rule, then re-applies the content rules while the text keeps changing: a
   * replacement can create a match for a rule that ran before it (`4444ceee…` has no word boundary
   * until the card becomes `[creditcard]ceee…`). Reaching that fixed point in one pass is what makes
   * scrubbing idempotent. Key decisions are taken once, so a hashed password is not hashed again.
   */
  applyRules(value: unknown, key: string | undefined): unknown {
    let current = this.applyAll(value, key, false);
    for (let round = 1; round < MAX_ROUNDS && current !== value && typeof current === "string"; round++) {
      const previous = current;
      current = this.applyAll(current, undefined, true);
      if (current === previous) break;
    }
    return current;
  }
}

function jsonType(value: unknown): ValueType | undefined {
  switch (typeof value) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "object":
      return value === null ? undefined : Array.isArray(value) ? "array" : "object";
    default:
      return undefined;
  }
}

/** The value types of a segment, allocated once per shape and JSON type. */
const typeLists = new WeakMap<Shape, Map<ValueType, readonly ValueType[]>>();
function typesOf(shape: Shape, type: ValueType): readonly ValueType[] {
  let byType = typeLists.get(shape);
  if (!byType) {
    byType = new Map();
    typeLists.set(shape, byType);
  }
  let types = byType.get(type);
  if (!types) {
    types = [type, ...(shape.types ?? [])];
    byType.set(type, types);
  }
  return types;
}

/**
 * Scrubs one value at `key`/`index` below the current path. Returns the value itself when nothing
 * changed, a new value, or `REMOVED`.
 */
export function visit(w: Walk, value: unknown, shape: Shape, key?: string, index?: number): unknown {
  const type = jsonType(value);
  if (type === undefined || type === "boolean") return value;
  w.enter(key, index, typesOf(shape, type));
  let current = type === "string" && INERT.has(value as string) ? value : w.applyRules(value, key);
  if (current !== value) w.scrubbed++;
  if (current !== REMOVED && shape.kind && jsonType(current) !== shape.kind) current = REMOVED;
  if (current === REMOVED) current = shape.required ? (shape.kind === "array" ? [] : {}) : REMOVED;
  else if (typeof current === "object" && current !== null) {
    if (w.path.length > MAX_DEPTH) {
      w.scrubbed++;
      current = shape.kind ? REMOVED : "[Filtered]";
    } else current = visitChildren(w, current, shape);
  }
  w.path.pop();
  return current;
}

/** Sets an own data property, so that a JSON `__proto__` key stays data (and not the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

const isPair = (v: unknown): v is [string, unknown] => Array.isArray(v) && v.length === 2 && typeof v[0] === "string";

function visitArray(w: Walk, value: readonly unknown[], shape: Shape): unknown {
  if (shape.pairs && value.every(isPair)) {
    // A typed pair list (tags, headers, cookies): `tags.release`, `headers.authorization`.
    let out: unknown[] | undefined;
    for (const [i, [k, v]] of (value as [string, unknown][]).entries()) {
      const r = visit(w, v, FREE, k.toLowerCase());
      if (out === undefined && r !== v) out = value.slice(0, i);
      if (out !== undefined && r !== REMOVED) out.push(r === v ? value[i] : [k, r]);
    }
    return out ?? value;
  }
  if (!shape.items && isPair(value)) {
    // Any other `[key, value]`: the value is addressed by the key, as Relay does, and the key is
    // scanned as a string of its own.
    const v = visit(w, value[1], FREE, value[0].toLowerCase());
    const k = visit(w, value[0], FREE, undefined, 0);
    return k === value[0] && v === value[1] ? value : [k === REMOVED ? null : k, v === REMOVED ? null : v];
  }
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const r = visit(w, item, shape.items ?? FREE, undefined, i);
    if (out === undefined && r !== item) out = value.slice(0, i);
    if (out === undefined) continue;
    if (r !== REMOVED) out.push(r);
    // Schema arrays lose a removed element; free-form ones keep its place, as Relay's `null`.
    else if (!shape.items) out.push(null);
  }
  return out ?? value;
}

/** Scrubs the children of a container; returns it unchanged when none changed. */
export function visitChildren(w: Walk, value: object, shape: Shape): unknown {
  if (Array.isArray(value)) return visitArray(w, value, shape);
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const child = source[key];
    const field = shape.fields?.[key];
    const r = field === "skip" ? child : visit(w, child, field ?? FREE, key.toLowerCase());
    if (out === undefined) {
      if (r === child) continue;
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j]!, source[keys[j]!]);
    }
    if (r !== REMOVED) setOwn(out, key, r);
  }
  return out ?? value;
}
