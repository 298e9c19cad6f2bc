/**
 * @module
 * Lease sizing. An isolate takes a slice of a counter's remaining budget from the Durable Object and
 * spends it locally, so most events never cost a DO call. The DO counts a slice as used the moment it
 * grants it, and takes back the unspent part when the isolate reports — so the limit can never be
 * overshot; the price is a short undershoot while slices sit unspent in idle isolates. Slices shrink
 * as the window fills, which keeps that idle budget small when it matters.
 */

/** Largest share of the remaining budget one lease may take when the window is empty. */
export const MAX_LEASE_FRACTION = 0.1;

/** Inputs of a lease decision, all in the counter's unit (items or bytes). */
export interface LeaseInput {
  limit: number;
  /** Spent and reported, plus granted and not yet reported. */
  committed: number;
  /** What the isolate asks for (its recent rate × lease lifetime). */
  want: number;
  /**
   * The size of the item waiting for this lease (bytes for attachments). A lease always covers it
   * when the quota has room, however small the slice rule would make it. Default 1.
   */
  need?: number;
}

/**
 * How much to grant: at most `want`, at most a fraction of what is left that shrinks linearly with
 * the fill of the window (10% of the remainder when empty, → 0 when full), but always enough for the
 * waiting item (`need`) while the quota has room for it, so the last items of a quota are still
 * served and a large attachment is not refused by the slice rule alone.
 */
export function leaseSize({ limit, committed, want, need = 1 }: LeaseInput): number {
  const remaining = limit - committed;
  if (remaining <= 0 || want <= 0) return 0;
  const fraction = MAX_LEASE_FRACTION * (remaining / limit);
  const slice = Math.floor(remaining * fraction);
  return Math.max(Math.min(Math.max(1, need), remaining), Math.min(want, slice, remaining));
}
