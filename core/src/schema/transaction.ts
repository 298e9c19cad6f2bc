/**
 * @module
 * A normalized transaction: an event (`type: "transaction"`) with a start time, a trace context and
 * its spans. Normalization guarantees what the backend's `transactions` table needs; everything
 * else passes through as in events.
 * @see https://develop.sentry.dev/sdk/data-model/event-payloads/transaction/
 */
import { z } from "zod";
import { EventSchema } from "./event.ts";

/** `contexts.trace` of a transaction: which trace and root span it is. */
export const TraceContextSchema = z.looseObject({
  trace_id: z.string().regex(/^[0-9a-f]{32}$/),
  span_id: z.string().regex(/^[0-9a-f]{16}$/),
  parent_span_id: z.string().optional(),
  op: z.string().optional(),
  status: z.string().optional(),
});
export type TraceContext = z.infer<typeof TraceContextSchema>;

/** A measurement (`lcp`, `fcp`, ...): a number and its unit. */
export const MeasurementSchema = z.looseObject({ value: z.number(), unit: z.string().optional() });

/** A normalized transaction. */
export const TransactionSchema = EventSchema.extend({
  type: z.literal("transaction"),
  /** Unix seconds (fractional). Never after `timestamp`. */
  start_timestamp: z.number(),
  transaction: z.string(),
  contexts: z.looseObject({ trace: TraceContextSchema }),
  spans: z.array(z.looseObject({})).default([]),
  measurements: z.record(z.string(), MeasurementSchema).optional(),
});
export type Transaction = z.infer<typeof TransactionSchema>;
