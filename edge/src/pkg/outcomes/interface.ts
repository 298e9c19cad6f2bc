/**
 * @module
 * Outcome recording at the edge (DESIGN 1): every item the edge accepts or drops is counted with a
 * reason. Recording is synchronous and cheap; shipping happens in the background.
 */
import type { Outcome } from "@breakwater/core/schema";

/** An outcome before it is bucketed into its minute. */
export type OutcomeInput = Omit<Outcome, "timestamp">;

export interface OutcomeRecorder {
  /** Counts `o.quantity` items at unix time `now` (seconds). */
  record(o: OutcomeInput, now: number): void;
}
