/**
 * @module
 * zod validation for route inputs, read back typed with `c.req.valid(target)` (STYLE c). Failures
 * become the same 400 `{"detail", "causes"}` body as every other error.
 */
import type { ValidationTargets } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { ApiError } from "../errors/http.ts";

/** Formats zod issues as `path: message` lines. */
export function zodCauses(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message));
}

/**
 * Validates one request part with `schema`.
 * @example app.put("/x", zv("json", BodySchema), (c) => c.json(c.req.valid("json")))
 */
export function zv<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return validator(target, (value): z.output<Schema> => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new ApiError({ code: "BAD_REQUEST", detail: `Invalid ${target}`, causes: zodCauses(parsed.error) });
    }
    return parsed.data;
  });
}
