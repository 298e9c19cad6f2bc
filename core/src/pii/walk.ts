/**
 * @module
 * The event walk behind `scrubEvent` (Relay's `PiiProcessor`): at every value, the rules of every
 * application whose selector matches the value's path, containers before their children (so
 * `@anything:remove` on `$frame.vars` drops the vars without scanning them). Copy-on-write: a
 * container is copied only when something inside it changed, unchanged subtrees are shared.
 */
import type { CompiledApplication } from "./defaults.ts";
import { FREE, type Shape } from "./event-shape.ts";
import { mayMatch, textFeatures } from "./prefilter.ts";
import { applyRule, isInert, REMOVED } from "./rule.ts";
import type { ValueType } from "./selector.ts";
import { gateOpen, type PathSegment } from "./selector-match.ts";

/** Deeper containers are replaced whole: no real event nests this far, and recursion must stay bounded. */
const MAX_DEPTH = 100;

/** Enough rounds for one replacement to expose another (a card next to a UUID); more never happen. */
const MAX_ROUNDS = 3;

/** The value test of a key/value rule (`applyRule`'s, without the key). */
function valueMatches(pattern: RegExp, value: unknown): boolean {
  return typeof value === "string" && pattern.test(value);
}

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

  /** True when `app`'s selector picks the current value. */
  private picks(app: CompiledApplication): boolean {
    const gate = app.gate;
    if (gate !== undefined && !gateOpen(gate, this.path)) return gate.otherwise;
    return app.matches(this.path);
  }

  /**
   * Every matching application's rules, once; with `contentOnly`, no key or `anything` rules. A rule
   * is skipped only where it could not change the value: a detector on a container, or on a text that
   * meets none of its `needs`, a key rule on an array element (no key).
   */
  private applyAll(value: unknown, key: string | undefined, contentOnly: boolean): unknown {
    let current = value;
    // The text last scanned for features, and the value it is the text of.
    let scannedValue: unknown;
    let features = 0;
    for (const app of this.applications) {
      if (!this.picks(app)) continue;
      const steps = app.steps;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        if (step.find) {
          if (typeof current !== "string" && typeof current !== "number") continue;
          if (step.needs !== undefined) {
            const text = typeof current === "string" ? current : String(current);
            if (current !== scannedValue) {
              scannedValue = current;
              features = textFeatures(text);
            }
            if (!mayMatch(text, features, step.needs)) continue;
          }
        } else if (step.keyTest !== undefined) {
          // Only a match calls `applyRule`: most values are under keys no key rule names.
          if (!step.keyTest(key) && (step.valueTest === undefined || !valueMatches(step.valueTest, current))) continue;
        } else if (contentOnly && step.anything) continue;
        current = applyRule(step.rule, key, current);
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

function jsonType(value: unknown): "string" | "number" | "boolean" | "array" | "object" | undefined {
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

/**
 * A `Shape` prepared for the walk: the segment types per JSON type allocated once, fields in a map
 * (no prototype keys: a `constructor` key is free-form data, as with the plain object).
 */
export interface WalkShape {
  string: readonly ValueType[];
  number: readonly ValueType[];
  array: readonly ValueType[];
  object: readonly ValueType[];
  fields?: ReadonlyMap<string, WalkShape | "skip">;
  items?: WalkShape;
  pairs?: boolean;
  kind?: "object" | "array";
  required?: boolean;
}

const prepared = new Map<Shape, WalkShape>();

/**
 * The walk's form of `shape` (and of everything below it), built once per shape object.
 * @example
 * visitChildren(w, event, walkShape(EVENT_SHAPE))
 */
export function walkShape(shape: Shape): WalkShape {
  const known = prepared.get(shape);
  if (known) return known;
  const types = shape.types ?? [];
  const out: WalkShape = {
    string: ["string", ...types],
    number: ["number", ...types],
    array: ["array", ...types],
    object: ["object", ...types],
    pairs: shape.pairs,
    kind: shape.kind,
    required: shape.required,
  };
  prepared.set(shape, out);
  if (shape.items) out.items = walkShape(shape.items);
  if (shape.fields) {
    const fields = new Map<string, WalkShape | "skip">();
    for (const [k, f] of Object.entries(shape.fields)) fields.set(k, f === "skip" ? f : walkShape(f));
    out.fields = fields;
  }
  return out;
}

const WALK_FREE = walkShape(FREE);

/**
 * Scrubs one value at `key`/`index` below the current path. Returns the value itself when nothing
 * changed, a new value, or `REMOVED`.
 */
export function visit(w: Walk, value: unknown, shape: WalkShape, key?: string, index?: number): unknown {
  const type = jsonType(value);
  if (type === undefined || type === "boolean") return value;
  w.enter(key, index, shape[type]);
  let current = type === "string" && isInert(value as string) ? value : w.applyRules(value, key);
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

function visitArray(w: Walk, value: readonly unknown[], shape: WalkShape): unknown {
  if (shape.pairs && value.every(isPair)) {
    // A typed pair list (tags, headers, cookies): `tags.release`, `headers.authorization`.
    let out: unknown[] | undefined;
    const pairs = value as readonly [string, unknown][];
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      const k = pair[0];
      const v = pair[1];
      const r = visit(w, v, WALK_FREE, k.toLowerCase());
      if (out === undefined && r !== v) out = value.slice(0, i);
      if (out !== undefined && r !== REMOVED) out.push(r === v ? pair : [k, r]);
    }
    return out ?? value;
  }
  if (!shape.items && isPair(value)) {
    // Any other `[key, value]`: the value is addressed by the key, as Relay does, and the key is
    // scanned as a string of its own.
    const v = visit(w, value[1], WALK_FREE, value[0].toLowerCase());
    const k = visit(w, value[0], WALK_FREE, undefined, 0);
    return k === value[0] && v === value[1] ? value : [k === REMOVED ? null : k, v === REMOVED ? null : v];
  }
  const items = shape.items ?? WALK_FREE;
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const r = visit(w, item, items, undefined, i);
    if (out === undefined && r !== item) out = value.slice(0, i);
    if (out === undefined) continue;
    if (r !== REMOVED) out.push(r);
    // Schema arrays lose a removed element; free-form ones keep its place, as Relay's `null`.
    else if (!shape.items) out.push(null);
  }
  return out ?? value;
}

/** Scrubs the children of a container; returns it unchanged when none changed. */
export function visitChildren(w: Walk, value: object, shape: WalkShape): unknown {
  if (Array.isArray(value)) return visitArray(w, value, shape);
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  const fields = shape.fields;
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const child = source[key];
    const field = fields?.get(key);
    const r = field === "skip" ? child : visit(w, child, field ?? WALK_FREE, key.toLowerCase());
    if (out === undefined) {
      if (r === child) continue;
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j]!, source[keys[j]!]);
    }
    if (r !== REMOVED) setOwn(out, key, r);
  }
  return out ?? value;
}
