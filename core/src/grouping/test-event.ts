/**
 * @module
 * Test helper: a minimal valid normalized event with overrides.
 */
import { type Event, EventSchema } from "../schema/event.ts";

/** Builds an event through the real schema, so tests cannot use shapes normalization never emits. */
export function makeEvent(overrides: Record<string, unknown> = {}): Event {
  return EventSchema.parse({
    event_id: "0123456789abcdef0123456789abcdef",
    timestamp: 1_800_000_000,
    received: 1_800_000_000,
    platform: "node",
    level: "error",
    ...overrides,
  });
}
