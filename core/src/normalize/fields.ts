/**
 * @module
 * Field-by-field validation against {@link EVENT_FIELD_SCHEMAS}: a field that fails its schema is
 * dropped with an `invalid_data` remark, and the rest of the event survives (Relay's
 * `delete_with_remark`).
 */
import type { z } from "zod";
import { EVENT_FIELD_SCHEMAS } from "../schema/index.ts";
import { compileFastParser, DEFER, type FastParser } from "./fast-parse.ts";
import type { Remarks } from "./remarks.ts";
import { dropNulls } from "./values.ts";

/** A field with its own schema. */
export type EventField = keyof typeof EVENT_FIELD_SCHEMAS;

/** Fields whose values are nested interfaces: `null` members inside mean "not set". */
const STRUCTURED: ReadonlySet<EventField> = new Set([
  "exception",
  "stacktrace",
  "user",
  "request",
  "sdk",
  "breadcrumbs",
]);

/** The fields whose schema the fast path covers (see fast-parse.ts); zod decides the rest. */
const FAST_PARSERS = new Map<EventField, FastParser>();
for (const field of Object.keys(EVENT_FIELD_SCHEMAS) as EventField[]) {
  const parser = compileFastParser(EVENT_FIELD_SCHEMAS[field]);
  if (parser) FAST_PARSERS.set(field, parser);
}

/**
 * Validates one field. `null` and `undefined` mean "absent" (no remark).
 * @returns the parsed (possibly coerced: numbers to strings, objects to pairs) value, or `undefined`
 */
export function validateField<F extends EventField>(
  field: F,
  raw: unknown,
  remarks: Remarks,
): z.output<(typeof EVENT_FIELD_SCHEMAS)[F]> | undefined {
  if (raw === undefined || raw === null) return undefined;
  // Indexing the record by a generic key yields a union of schemas TS cannot call; widen, then narrow
  // the output back to the field's type, which is what the schema produced.
  const input = STRUCTURED.has(field) ? dropNulls(raw) : raw;
  const fast = FAST_PARSERS.get(field)?.(input) ?? DEFER;
  if (fast !== DEFER) return fast as z.output<(typeof EVENT_FIELD_SCHEMAS)[F]>;
  const schema: z.ZodType = EVENT_FIELD_SCHEMAS[field];
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<(typeof EVENT_FIELD_SCHEMAS)[F]>;
  remarks.invalidData(field, raw);
  return undefined;
}

/**
 * Validates a string-valued field against its schema and an extra rule; a value that breaks the rule
 * is dropped with an `invalid_data` remark like a type error.
 */
export function validateString(
  field: "release" | "environment" | "dist",
  raw: unknown,
  rule: (value: string) => boolean,
  remarks: Remarks,
): string | undefined {
  const value = validateField(field, raw, remarks);
  if (value === undefined) return undefined;
  if (rule(value)) return value;
  remarks.invalidData(field, raw);
  return undefined;
}
