/**
 * @module
 * A fast path for the event field schemas, measured as the edge's largest cost (issue 8: zod ~8% of
 * the edge's CPU under `workerd serve`, mostly stack frames). Under workerd zod cannot use its
 * compiled (`new Function`) parsers, since Workers forbid code generation, so each frame walks zod's
 * generic interpreter. This compiles the plain subset of zod used by the event schemas (loose and
 * strict objects, optional, default, arrays, records, string, number, int, boolean, unknown, and
 * `z.preprocess`) into closures that build exactly what zod builds, key order included: known keys in
 * shape order, then unknown keys in input order.
 *
 * The fast path never decides a failure. Whenever a value is not one it can vouch for (a wrong type,
 * a `__proto__` key, anything unusual) it answers {@link DEFER} and the caller runs zod, so errors,
 * remarks and edge cases are zod's, unchanged. A schema using anything outside the subset (unions,
 * transforms, regexes, enums) gets no fast path at all. normalize's property test checks, on arbitrary
 * input, that the fast path either defers or equals zod's output byte for byte.
 * Hand-written because no library compiles zod 4 schemas without `new Function`.
 */
import type { z } from "zod";

/** "Not sure: ask zod." */
export const DEFER: unique symbol = Symbol("defer");

/** Parses a value as its schema would, or answers {@link DEFER}. */
export type FastParser = (value: unknown) => unknown;

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: { check?: string; format?: string } } }>;
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
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const noChecks = (def: Def) => def.checks === undefined || def.checks.length === 0;

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

function compileObject(def: Def): FastParser | undefined {
  const loose = def.catchall !== undefined && defOf(def.catchall).type === "unknown";
  if (def.catchall !== undefined && !loose) return undefined;
  const fields: Field[] = [];
  for (const [key, schema] of Object.entries(def.shape ?? {})) {
    const fieldDef = defOf(schema);
    const parse = compileFastParser(schema);
    if (!parse) return undefined;
    if (fieldDef.type === "optional") fields.push({ key, kind: "optional", parse });
    else if (fieldDef.type === "default")
      fields.push({ key, kind: "default", parse, defaultOf: () => fieldDef.defaultValue });
    else fields.push({ key, kind: "required", parse });
  }
  const known = new Set(fields.map((f) => f.key));
  return (value) => {
    if (!isPlainObject(value)) return DEFER;
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const raw = Object.hasOwn(value, f.key) ? value[f.key] : undefined;
      if (raw === undefined) {
        if (f.kind === "optional") continue;
        if (f.kind === "default") {
          out[f.key] = f.defaultOf?.();
          continue;
        }
        return DEFER;
      }
      const parsed = f.parse(raw);
      if (parsed === DEFER) return DEFER;
      out[f.key] = parsed;
    }
    if (loose) for (const key of Object.keys(value)) if (!known.has(key)) out[key] = value[key];
    return out;
  };
}

/**
 * Compiles `schema` into a {@link FastParser}, or `undefined` when it uses anything outside the subset.
 * @example compileFastParser(FrameSchema)?.({ filename: "a.js", lineno: 3 })
 */
export function compileFastParser(schema: z.ZodType): FastParser | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return noChecks(def) ? (v) => (typeof v === "string" ? v : DEFER) : undefined;
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : DEFER);
    case "unknown":
      return (v) => v;
    case "number": {
      const formats = (def.checks ?? []).map((c) => c._zod.def);
      if (formats.some((c) => c.check !== "number_format" || c.format !== "safeint")) return undefined;
      const int = formats.length > 0;
      return (v) => (typeof v === "number" && (int ? Number.isSafeInteger(v) : Number.isFinite(v)) ? v : DEFER);
    }
    case "optional": {
      const inner = def.innerType && compileFastParser(def.innerType);
      return inner && ((v) => (v === undefined ? undefined : inner(v)));
    }
    case "default": {
      const inner = def.innerType && compileFastParser(def.innerType);
      return inner && ((v) => (v === undefined ? def.defaultValue : inner(v)));
    }
    case "array": {
      const item = noChecks(def) && def.element ? compileFastParser(def.element) : undefined;
      if (!item) return undefined;
      return (v) => {
        if (!Array.isArray(v)) return DEFER;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const parsed = item(v[i]);
          if (parsed === DEFER) return DEFER;
          out[i] = parsed;
        }
        return out;
      };
    }
    case "record": {
      const keyDef = def.keyType && defOf(def.keyType);
      const valueParser = def.valueType && compileFastParser(def.valueType);
      if (keyDef?.type !== "string" || !noChecks(keyDef) || !valueParser) return undefined;
      return (v) => {
        if (!isPlainObject(v)) return DEFER;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(v)) {
          const parsed = valueParser(v[key]);
          if (parsed === DEFER) return DEFER;
          out[key] = parsed;
        }
        return out;
      };
    }
    case "object":
      return compileObject(def);
    case "pipe": {
      // z.preprocess(fn, schema): a transform in, the schema out.
      const pre = def.in && defOf(def.in);
      const out = def.out && compileFastParser(def.out);
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
