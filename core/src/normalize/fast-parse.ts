/**
 * @module
 * A fast path for the event field schemas, measured as the edge's largest cost (issue 8: zod ~8% of
 * the edge's CPU under `workerd serve`, mostly stack frames). Under workerd zod cannot use its
 * compiled (`new Function`) parsers, since Workers forbid code generation, so each frame walks zod's
 * generic interpreter. This compiles the plain subset of zod used by the event and ingest record
 * schemas (loose and strict objects, optional, default, arrays, records, tuples, string with regexes,
 * number with int and bounds, boolean, literal, enum, unknown, unions of primitives, discriminated
 * unions, `z.preprocess` and `.transform`) into closures that build exactly what zod builds, key
 * order included: known keys in shape order, then unknown keys in input order. The backend checks
 * every ingest record with it too (issue 8: zod was 10–15% of the backend's CPU under load, and in
 * Node it allocates a result object per field).
 *
 * The fast path never decides a failure. Whenever a value is not one it can vouch for (a wrong type,
 * a `__proto__` key, anything unusual) it answers {@link DEFER} and the caller runs zod, so errors,
 * remarks and edge cases are zod's, unchanged. A schema using anything outside the subset (other
 * checks, unions of non-primitives, ...) gets no fast path at all; so does a discriminated union's
 * option (its records always defer). normalize's property test checks, on arbitrary
 * input, that the fast path either defers or equals zod's output byte for byte.
 * Hand-written because no library compiles zod 4 schemas without `new Function`.
 */
import type { z } from "zod";

/** "Not sure: ask zod." */
export const DEFER: unique symbol = Symbol("defer");

/** Parses a value as its schema would, or answers {@link DEFER}. */
export type FastParser = (value: unknown) => unknown;

/** Options of {@link compileFastParser}. */
export interface FastParseOptions {
  /**
   * Return the input itself (or the parts of it) wherever zod's output would equal it, same key
   * order included, instead of a copy: no allocation for a value that is already what the schema
   * makes. Only for an input nobody else holds (a fresh `JSON.parse` result), since output and
   * input then share objects. Default false (the edge's normalization keeps its input apart).
   */
  reuse?: boolean;
}

interface CheckDef {
  check?: string;
  format?: string;
  pattern?: RegExp;
  value?: unknown;
  inclusive?: boolean;
}

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  transform?: (value: unknown) => unknown;
  /** literal */
  values?: unknown[];
  /** enum */
  entries?: Record<string, unknown>;
  /** tuple */
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  /** union; discriminated unions also have `discriminator` */
  options?: z.ZodType[];
  discriminator?: string;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const noChecks = (def: Def) => def.checks === undefined || def.checks.length === 0;
const checksOf = (def: Def): CheckDef[] => (def.checks ?? []).map((c) => c._zod.def);

/** Types whose fast parser defers exactly when zod rejects (so a union of them can try each in turn). */
const EXACT_TYPES = new Set(["string", "number", "boolean", "literal", "enum"]);

/** A string's checks as one test: only regexes are in the subset. */
function stringTest(def: Def): ((v: string) => boolean) | undefined {
  const checks = checksOf(def);
  if (checks.some((c) => c.check !== "string_format" || c.format !== "regex" || !(c.pattern instanceof RegExp)))
    return undefined;
  const patterns = checks.map((c) => c.pattern as RegExp);
  return (v) => {
    for (const p of patterns) {
      // As zod does: a global or sticky regex must not carry state from the previous value.
      p.lastIndex = 0;
      if (!p.test(v)) return false;
    }
    return true;
  };
}

/** A number's checks as one test: safe integers and bounds (`int()`, `positive()`, `min()`, ...). */
function numberTest(def: Def): ((v: number) => boolean) | undefined {
  const tests: Array<(v: number) => boolean> = [Number.isFinite];
  for (const c of checksOf(def)) {
    const bound = c.value;
    if (c.check === "number_format" && c.format === "safeint") tests.push(Number.isSafeInteger);
    else if (c.check === "greater_than" && typeof bound === "number")
      tests.push(c.inclusive ? (v) => v >= bound : (v) => v > bound);
    else if (c.check === "less_than" && typeof bound === "number")
      tests.push(c.inclusive ? (v) => v <= bound : (v) => v < bound);
    else return undefined;
  }
  return (v) => {
    for (const test of tests) if (!test(v)) return false;
    return true;
  };
}

/** Primitive literal and enum values (zod tests membership with a Set, i.e. SameValueZero). */
function valueSet(values: unknown[]): Set<unknown> | undefined {
  const primitive = (v: unknown) => ["string", "number", "boolean"].includes(typeof v) || v === null;
  return values.every(primitive) ? new Set(values) : undefined;
}

/** A string enum's values (numeric enums carry reverse mappings zod filters out: left to zod). */
function enumValues(entries: Record<string, unknown>): Set<unknown> | undefined {
  const values = Object.values(entries);
  return values.every((v) => typeof v === "string") ? new Set(values) : undefined;
}

/** The options of a discriminated union by discriminator value; an option outside the subset always defers. */
function compileDiscriminated(def: Def, discriminator: string, o: FastParseOptions): FastParser | undefined {
  const byValue = new Map<unknown, FastParser>();
  for (const option of def.options ?? []) {
    const optionDef = defOf(option);
    const tag = optionDef.type === "object" ? optionDef.shape?.[discriminator] : undefined;
    const tagDef = tag && defOf(tag);
    if (tagDef?.type !== "literal" || !tagDef.values) return undefined;
    const parse = compileFastParser(option, o) ?? (() => DEFER);
    for (const value of tagDef.values) if (!byValue.has(value)) byValue.set(value, parse);
  }
  return (v) => {
    if (!isPlainObject(v)) return DEFER;
    const parse = byValue.get(v[discriminator]);
    return parse ? parse(v) : DEFER;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Object.hasOwn(value, "__proto__");
}

/** A key of an object schema: how an absent (undefined) value is treated. */
interface Field {
  key: string;
  kind: "optional" | "default" | "required";
  parse: FastParser;
  defaultOf?: () => unknown;
}

/**
 * The output so far when it starts to differ from the input: the first `index` fields, all unchanged.
 * (A top-level function: a closure made per call costs more than the copy, tsx's `__name` included.)
 */
function copyBefore(value: Record<string, unknown>, fields: readonly Field[], index: number): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (let j = 0; j < index; j++) {
    const key = (fields[j] as Field).key;
    if (Object.hasOwn(value, key) && value[key] !== undefined) copy[key] = value[key];
  }
  return copy;
}

function compileObject(def: Def, o: FastParseOptions): FastParser | undefined {
  const loose = def.catchall !== undefined && defOf(def.catchall).type === "unknown";
  if (def.catchall !== undefined && !loose) return undefined;
  const fields: Field[] = [];
  for (const [key, schema] of Object.entries(def.shape ?? {})) {
    const fieldDef = defOf(schema);
    const parse = compileFastParser(schema, o);
    if (!parse) return undefined;
    if (fieldDef.type === "optional") fields.push({ key, kind: "optional", parse });
    else if (fieldDef.type === "default")
      fields.push({ key, kind: "default", parse, defaultOf: () => fieldDef.defaultValue });
    else fields.push({ key, kind: "required", parse });
  }
  const known = new Set(fields.map((f) => f.key));
  const reuse = o.reuse === true;
  return (value) => {
    if (!isPlainObject(value)) return DEFER;
    const keys = reuse || loose ? Object.keys(value) : undefined;
    // Reuse: `out` is only made once the output must differ from `value`; until then every known
    // key seen so far is present, unchanged and in shape order at the start of `keys`.
    let out: Record<string, unknown> | undefined = reuse ? undefined : {};
    let present = 0;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as Field;
      const own = Object.hasOwn(value, f.key);
      const raw = own ? value[f.key] : undefined;
      if (raw === undefined) {
        if (f.kind === "required") return DEFER;
        // An own key holding undefined is left out by zod: the output differs.
        if (f.kind === "optional") {
          if (own && out === undefined) out = copyBefore(value, fields, i);
          continue;
        }
        out ??= copyBefore(value, fields, i);
        out[f.key] = f.defaultOf?.();
        continue;
      }
      const parsed = f.parse(raw);
      if (parsed === DEFER) return DEFER;
      if (out === undefined && (parsed !== raw || keys?.[present] !== f.key)) out = copyBefore(value, fields, i);
      present++;
      if (out !== undefined) out[f.key] = parsed;
    }
    // A strict object drops unknown keys.
    if (out === undefined && !loose && present !== keys?.length) out = copyBefore(value, fields, fields.length);
    if (out === undefined) return value;
    if (loose) for (const key of keys ?? []) if (!known.has(key)) out[key] = value[key];
    return out;
  };
}

/** Items of an array or tuple; with `reuse`, the input array itself when every item parsed to itself. */
function parseItems(v: unknown[], parserAt: (i: number) => FastParser, reuse: boolean): unknown {
  let out: unknown[] | undefined = reuse ? undefined : new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) {
    const parsed = parserAt(i)(v[i]);
    if (parsed === DEFER) return DEFER;
    if (out === undefined && parsed !== v[i]) out = v.slice(0, i);
    if (out !== undefined) out[i] = parsed;
  }
  return out ?? v;
}

/**
 * Compiles `schema` into a {@link FastParser}, or `undefined` when it uses anything outside the subset.
 * @example compileFastParser(FrameSchema)?.({ filename: "a.js", lineno: 3 })
 */
export function compileFastParser(schema: z.ZodType, o: FastParseOptions = {}): FastParser | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case "string": {
      if (noChecks(def)) return (v) => (typeof v === "string" ? v : DEFER);
      const test = stringTest(def);
      return test && ((v) => (typeof v === "string" && test(v) ? v : DEFER));
    }
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : DEFER);
    case "unknown":
      return (v) => v;
    case "number": {
      const test = numberTest(def);
      return test && ((v) => (typeof v === "number" && test(v) ? v : DEFER));
    }
    case "literal":
    case "enum": {
      const values = def.type === "literal" ? valueSet(def.values ?? []) : enumValues(def.entries ?? {});
      return values && ((v) => (values.has(v) ? v : DEFER));
    }
    case "tuple": {
      // Fixed length only: optional items and rest elements are zod's business.
      const items = (def.items ?? []).map((item) =>
        defOf(item).type === "optional" ? undefined : compileFastParser(item, o),
      );
      if (def.rest || !noChecks(def) || items.some((item) => item === undefined)) return undefined;
      const parsers = items as FastParser[];
      const at = (i: number) => parsers[i] as FastParser;
      return (v) => (Array.isArray(v) && v.length === parsers.length ? parseItems(v, at, o.reuse === true) : DEFER);
    }
    case "union": {
      if (def.discriminator !== undefined) return compileDiscriminated(def, def.discriminator, o);
      // zod takes the first option that accepts the value; with options that defer exactly when zod
      // rejects, the first one that does not defer is that option.
      const options = def.options ?? [];
      if (!options.every((option) => EXACT_TYPES.has(defOf(option).type))) return undefined;
      const parsers = options.map((option) => compileFastParser(option, o));
      if (parsers.some((p) => p === undefined)) return undefined;
      return (v) => {
        for (const parse of parsers as FastParser[]) {
          const parsed = parse(v);
          if (parsed !== DEFER) return parsed;
        }
        return DEFER;
      };
    }
    case "optional": {
      const inner = def.innerType && compileFastParser(def.innerType, o);
      return inner && ((v) => (v === undefined ? undefined : inner(v)));
    }
    case "default": {
      const inner = def.innerType && compileFastParser(def.innerType, o);
      return inner && ((v) => (v === undefined ? def.defaultValue : inner(v)));
    }
    case "array": {
      const item = noChecks(def) && def.element ? compileFastParser(def.element, o) : undefined;
      if (!item) return undefined;
      const at = () => item;
      return (v) => (Array.isArray(v) ? parseItems(v, at, o.reuse === true) : DEFER);
    }
    case "record": {
      const keyDef = def.keyType && defOf(def.keyType);
      const valueParser = def.valueType && compileFastParser(def.valueType, o);
      if (keyDef?.type !== "string" || !noChecks(keyDef) || !valueParser) return undefined;
      const reuse = o.reuse === true;
      return (v) => {
        if (!isPlainObject(v)) return DEFER;
        const keys = Object.keys(v);
        let out: Record<string, unknown> | undefined = reuse ? undefined : {};
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string;
          const parsed = valueParser(v[key]);
          if (parsed === DEFER) return DEFER;
          if (out === undefined && parsed !== v[key]) {
            out = {};
            for (let j = 0; j < i; j++) out[keys[j] as string] = v[keys[j] as string];
          }
          if (out !== undefined) out[key] = parsed;
        }
        return out ?? v;
      };
    }
    case "object":
      return compileObject(def, o);
    case "pipe": {
      // schema.transform(fn): the schema in, a transform out. Only a transform of the value alone
      // (not one that reports issues through its second argument).
      const post = def.out && defOf(def.out);
      if (post?.type === "transform") {
        const inner = def.in && compileFastParser(def.in, o);
        const fn = post.transform;
        if (!inner || !fn || fn.length > 1) return undefined;
        return (v) => {
          const parsed = inner(v);
          if (parsed === DEFER) return DEFER;
          try {
            const out = fn(parsed);
            return out instanceof Promise ? DEFER : out;
          } catch {
            return DEFER;
          }
        };
      }
      // z.preprocess(fn, schema): a transform in, the schema out.
      const pre = def.in && defOf(def.in);
      const out = def.out && compileFastParser(def.out, o);
      if (pre?.type !== "transform" || !pre.transform || !out) return undefined;
      const transform = pre.transform;
      return (v) => {
        let pre: unknown;
        try {
          pre = transform(v);
        } catch {
          return DEFER;
        }
        return out(pre);
      };
    }
    default:
      return undefined;
  }
}
