/**
 * @module
 * `scrubEvent`: the PII processor's entry point. The walk itself is in `walk.ts`.
 */
import { parseIp } from "../filter/ip-network.ts";
import type { Event } from "../schema/index.ts";
import type { CompiledPiiConfig } from "./compile.ts";
import { EVENT_SHAPE } from "./event-shape.ts";
import { visitChildren, Walk, walkShape } from "./walk.ts";

/**
 * Relay's user rule: when scrubbing turned a valid `user.ip_address` into something else (a hash,
 * `[ip]`), it moves to `user.id` if nothing else identifies the user — so users stay countable —
 * and is dropped otherwise, since `ip_address` must stay an address.
 */
function fixUserIp(before: Event, after: Record<string, unknown>): void {
  const scrubbed = after.user as Record<string, unknown> | undefined;
  const ip = scrubbed?.ip_address;
  if (!scrubbed || typeof ip !== "string" || parseIp(ip) || ip === before.user?.ip_address) return;
  // A copy: unchanged parts of the result are shared with the input.
  const { ip_address: _, ...user } = scrubbed;
  if (user.id === undefined && user.email === undefined && user.username === undefined) user.id = ip;
  after.user = user;
}

/** What is left of an event if scrubbing fails: nothing that could carry personal data. */
function fallback(event: Event): Event {
  const { event_id, timestamp, received, platform, level, release, dist, environment } = event;
  const safe = { event_id, timestamp, received, platform, level, release, dist, environment };
  const kept = Object.fromEntries(Object.entries(safe).filter(([, v]) => v !== undefined));
  return { ...kept, tags: [], errors: [{ type: "pii_scrubbing_failed" }] } as unknown as Event;
}

const WALK_EVENT = walkShape(EVENT_SHAPE);

/**
 * Scrubs personal data from a normalized event. The input is not modified; the result is a new
 * event object that still satisfies `EventSchema`, sharing the subtrees nothing was changed in with
 * the input (treat both as immutable), and the number of values changed or removed. Never throws:
 * should anything fail, the event is reduced to its non-personal fields with an `errors` remark.
 * @param config from `compilePiiConfig`
 * @example
 * const { event, scrubbed } = scrubEvent(normalizeEvent(payload, ctx), compilePiiConfig(PiiConfigSchema.parse({})));
 * // event.extra.password === "[Filtered]", a card number in a breadcrumb is now "[creditcard]"
 */
export function scrubEvent(event: Event, config: CompiledPiiConfig): { event: Event; scrubbed: number } {
  try {
    const w = new Walk(config.applications);
    const out = { ...(visitChildren(w, event, WALK_EVENT) as Record<string, unknown>) };
    fixUserIp(event, out);
    return { event: out as Event, scrubbed: w.scrubbed };
  } catch {
    return { event: fallback(event), scrubbed: 0 };
  }
}
