/**
 * @module
 * The exception interface. `values` is ordered oldest first: for chained errors the last value is the
 * outermost exception, the one Sentry titles the event with.
 * @see https://develop.sentry.dev/sdk/data-model/event-payloads/exception/
 */
import { z } from "zod";
import { StacktraceSchema } from "./frame.ts";

export const MechanismSchema = z.looseObject({
  type: z.string().optional(),
  handled: z.boolean().optional(),
  synthetic: z.boolean().optional(),
});

export const ExceptionSchema = z.looseObject({
  type: z.string().optional(),
  value: z.string().optional(),
  module: z.string().optional(),
  mechanism: MechanismSchema.optional(),
  stacktrace: StacktraceSchema.optional(),
});
export type SingleException = z.infer<typeof ExceptionSchema>;

/** Accepts both `{ "values": [...] }` and the legacy bare array / single object forms. */
export const ExceptionInterfaceSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { values: v } : v && typeof v === "object" && !("values" in v) ? { values: [v] } : v),
  z.looseObject({ values: z.array(ExceptionSchema).default([]) }),
);
export type ExceptionInterface = z.infer<typeof ExceptionInterfaceSchema>;
