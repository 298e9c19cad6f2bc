/**
 * @module
 * The RPC contract between isolates and a QuotaDO, validated on both sides (STYLE c).
 *
 * An isolate sends what it spent of its previous leases (`reports`) and asks for new budget per
 * counter (`wants`). A counter is either a configured quota (`limit` given) or the project's
 * spike-protection counter for the current hour (`spike` config given: the DO owns the history and
 * computes the ceiling itself).
 */
import { SpikeProtectionConfigSchema } from "@breakwater/core/quotas";
import { z } from "zod";

export const LeaseReportSchema = z.object({
  leaseId: z.string(),
  /** How much of the lease the isolate spent; the rest goes back to the counter. */
  used: z.number().int().nonnegative(),
});
export type LeaseReport = z.infer<typeof LeaseReportSchema>;

export const CounterWantSchema = z.object({
  /** Counter key inside the DO: `<quota id>:<slot>` or `spike:<hour>`. */
  key: z.string().min(1).max(200),
  /** Unix seconds when the counter's window ends; the DO forgets it afterwards. */
  windowEnd: z.number(),
  want: z.number().int().positive(),
  /** Size of the item waiting for this lease; the grant covers it when the counter has room. */
  need: z.number().int().positive().optional(),
  limit: z.number().int().nonnegative().optional(),
  spike: SpikeProtectionConfigSchema.optional(),
});
export type CounterWant = z.infer<typeof CounterWantSchema>;

export const AcquireRequestSchema = z.object({
  /** The isolate's clock (unix seconds); the DO measures windows and lease lifetimes against it. */
  now: z.number().optional(),
  reports: z.array(LeaseReportSchema).max(1000),
  wants: z.array(CounterWantSchema).max(100),
});
export type AcquireRequest = z.infer<typeof AcquireRequestSchema>;

export const LeaseGrantSchema = z.object({
  key: z.string(),
  leaseId: z.string(),
  granted: z.number().int().nonnegative(),
  /** The counter's limit as the DO applies it (the computed ceiling for spike counters). */
  limit: z.number().int().nonnegative(),
  /** Budget left in the DO after this grant. */
  remaining: z.number().int(),
  /** Unix seconds after which the isolate should report and renew rather than keep spending. */
  expiresAt: z.number(),
});
export type LeaseGrant = z.infer<typeof LeaseGrantSchema>;

export const AcquireResponseSchema = z.object({ grants: z.array(LeaseGrantSchema) });
export type AcquireResponse = z.infer<typeof AcquireResponseSchema>;

/** What a QuotaDO reports about itself (for tests, the dashboard and benchmarks). */
export const QuotaStateSchema = z.object({
  counters: z.array(z.object({ key: z.string(), limit: z.number(), committed: z.number(), windowEnd: z.number() })),
  leases: z.number().int(),
  hourly: z.array(z.object({ hour: z.number().int(), accepted: z.number().int() })),
  acquireCalls: z.number().int(),
});
export type QuotaState = z.infer<typeof QuotaStateSchema>;
