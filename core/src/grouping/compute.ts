/**
 * @module
 * Grouping v1: which issue an event belongs to.
 *
 * 1. The SDK's `fingerprint`, where `{{ default }}` expands to the default components below.
 * 2. Default: the in-app frames (module or normalized filename + function) of every exception, with
 *    its type; else each exception's type and parameterized value; else the in-app frames of the
 *    event's own stacktrace; else the parameterized message template; else a fallback that groups
 *    all such events together.
 */
import type { Event } from "../schema/event.ts";
import type { Frame } from "../schema/frame.ts";
import { frameComponent } from "./frame-component.ts";
import { hashComponents } from "./hash.ts";
import { parameterize } from "./parameterize.ts";
import { describeEvent } from "./title.ts";
import { GROUPING_VERSION, type GroupingResult, type GroupingStrategy } from "./types.ts";

const DEFAULT_MARKER = /^\{\{\s*default\s*\}\}$/i;

function inAppComponents(frames: readonly Frame[]): string[] {
  return frames
    .filter((f) => f.in_app === true)
    .map(frameComponent)
    .filter((c): c is string => c !== undefined);
}

interface Components {
  strategy: Exclude<GroupingStrategy, "fingerprint">;
  components: string[];
}

/** The default grouping components of an event. */
export function defaultComponents(event: Event): Components {
  const exceptions = event.exception?.values ?? [];
  const stackParts = exceptions.flatMap((e) => {
    const frames = inAppComponents(e.stacktrace?.frames ?? []);
    return frames.length > 0 ? [`type:${e.type ?? "Error"}`, ...frames] : [];
  });
  if (stackParts.length > 0) return { strategy: "stacktrace", components: stackParts };

  if (exceptions.length > 0) {
    const parts = exceptions.map((e) => `exception:${e.type ?? "Error"}:${parameterize(e.value ?? "")}`);
    return { strategy: "exception", components: parts };
  }

  const eventFrames = inAppComponents(event.stacktrace?.frames ?? []);
  if (eventFrames.length > 0) return { strategy: "stacktrace", components: eventFrames };

  const template = event.logentry?.message ?? event.logentry?.formatted;
  if (template) return { strategy: "message", components: [`message:${parameterize(template)}`] };

  return { strategy: "fallback", components: ["fallback"] };
}

/**
 * Computes the group hash, title and culprit of a normalized event.
 * @example computeGrouping(event).hash // "3f0c…" (32 hex)
 */
export function computeGrouping(event: Event): GroupingResult {
  const fingerprint = event.fingerprint ?? [];
  const onlyDefault = fingerprint.length === 0 || fingerprint.every((f) => DEFAULT_MARKER.test(f));
  let strategy: GroupingStrategy;
  let components: string[];
  if (onlyDefault) {
    ({ strategy, components } = defaultComponents(event));
  } else {
    strategy = "fingerprint";
    const defaults = fingerprint.some((f) => DEFAULT_MARKER.test(f)) ? defaultComponents(event).components : [];
    components = fingerprint.flatMap((f) => (DEFAULT_MARKER.test(f) ? defaults : [`fingerprint:${f}`]));
  }
  return {
    hash: hashComponents(components),
    version: GROUPING_VERSION,
    strategy,
    components,
    ...describeEvent(event),
  };
}
