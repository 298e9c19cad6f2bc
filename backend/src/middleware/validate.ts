/**
 * @module
 * zod validation for route inputs, read back typed with `c.req.valid(target)` (STYLE c). Failures
 * become the same 400 `{"detail", "causes"}` body as every other error.
 */
import type { ValidationTargets } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { ApiError, type FieldErrors } from "../errors/http.ts";

/** Formats zod issues as `path: message` lines. */
export function zodCauses(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message));
}

/**
 * Groups zod issues by their first path segment, as Sentry's serializers report errors
 * (`{"sensitiveFields": ["2: Too big: ..."]}`); the rest of the path prefixes the message.
 * Issues about the whole value go under `non_field_errors` (DRF's name).
 */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fields = new Map<string, string[]>();
  for (const issue of error.issues) {
    const [head, ...rest] = issue.path;
    const field = head === undefined ? "non_field_errors" : String(head);
    const message = rest.length > 0 ? `${rest.join(".")}: ${issue.message}` : issue.message;
    fields.set(field, [...(fields.get(field) ?? []), message]);
  }
  // fromEntries defines own properties, so even a `__proto__` key stays plain data.
  return Object.fromEntries(fields);
}

/** Options of `zv` / `parseOrThrow`. */
export interface ValidateOptions {
  /** Also answer with Sentry's per-field lists (`zodFieldErrors`). Default false. */
  fieldErrors?: boolean;
}

/**
 * Parses `value` with `schema`, or throws the 400 every validator answers with.
 * @example const body = parseOrThrow("json", BodySchema, await c.req.json(), { fieldErrors: true });
 */
export function parseOrThrow<Schema extends z.ZodType>(
  target: string,
  schema: Schema,
  value: unknown,
  options: ValidateOptions = {},
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError({
      code: "BAD_REQUEST",
      detail: `Invalid ${target}`,
      causes: zodCauses(parsed.error),
      ...(options.fieldErrors ? { fields: zodFieldErrors(parsed.error) } : {}),
    });
  }
  return parsed.data;
}

/**
 * Validates one request part with `schema`.
 * @example app.put("/x", zv("json", BodySchema), (c) => c.json(c.req.valid("json")))
 */
export function zv<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
  options: ValidateOptions = {},
) {
  return validator(target, (value): z.output<Schema> => parseOrThrow(target, schema, value, options));
}
