/**
 * @module
 * Fixed windows, staggered per organization so that every organization's counters do not reset in
 * the same second: `slot = floor((now - orgId % window) / window)` (DESIGN 5).
 */

/** A window's slot number and bounds, in unix seconds. */
export interface WindowSlot {
  slot: number;
  start: number;
  end: number;
}

/**
 * The window containing `now` for this organization.
 * @param now unix seconds (fractions allowed)
 * @param window window length, seconds
 */
export function windowSlot(now: number, window: number, organizationId: number): WindowSlot {
  const offset = organizationId % window;
  const slot = Math.floor((now - offset) / window);
  const start = slot * window + offset;
  return { slot, start, end: start + window };
}

/** Whole seconds until the window containing `now` ends (at least 1: SDKs treat 0 as "no limit"). */
export function secondsUntilWindowEnd(now: number, window: number, organizationId: number): number {
  return Math.max(1, Math.ceil(windowSlot(now, window, organizationId).end - now));
}
