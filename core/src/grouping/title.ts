/**
 * @module
 * Issue title, culprit and metadata, following Sentry's rules so the issue stream reads the same:
 * - errors: `Type: first line of value` (value cut to 100 characters), from the last (outermost)
 *   exception;
 * - messages: the first line of the message, cut to 100;
 * - culprit: the SDK's `culprit`, else the `transaction`, else the most recent in-app frame
 *   (`function(module)` on JavaScript platforms, `module in function` elsewhere), cut to 200.
 */
import type { Event } from "../schema/event.ts";
import type { Frame } from "../schema/frame.ts";
import type { IssueMetadata } from "./types.ts";

const TITLE_VALUE_MAX = 100;
const CULPRIT_MAX = 200;
const JS_PLATFORMS = new Set(["javascript", "node"]);
const NATIVE_PLATFORMS = new Set(["objc", "cocoa", "native"]);

/** Cuts to `max` characters with an ellipsis, as Sentry's truncatechars. */
export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function firstLine(value: string): string {
  return value.split(/\r?\n/, 1)[0]?.trim() ?? "";
}

/** The most recent frame that is in-app, or the most recent frame at all. */
export function topFrame(frames: readonly Frame[]): Frame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]?.in_app === true) return frames[i];
  return frames[frames.length - 1];
}

function frameCulprit(frame: Frame, eventPlatform: string): string {
  const platform = frame.platform ?? eventPlatform;
  if (NATIVE_PLATFORMS.has(platform)) return frame.function ?? "?";
  const location = frame.module ?? frame.filename;
  if (!location) return "";
  return JS_PLATFORMS.has(platform)
    ? `${frame.function ?? "?"}(${location})`
    : `${location} in ${frame.function ?? "?"}`;
}

/** The message text of an event: formatted if the SDK sent it, else the template. */
export function messageOf(event: Event): string | undefined {
  return event.logentry?.formatted ?? event.logentry?.message;
}

export interface TitleInfo {
  title: string;
  culprit: string;
  type: "error" | "default";
  metadata: IssueMetadata;
}

/** Computes title, culprit, type and metadata for an event. */
export function describeEvent(event: Event): TitleInfo {
  const exceptions = event.exception?.values ?? [];
  const main = exceptions[exceptions.length - 1];
  const frames = main?.stacktrace?.frames ?? event.stacktrace?.frames ?? [];
  const frame = topFrame(frames);
  const generated = frame ? frameCulprit(frame, event.platform) : "";
  const culprit = truncate(event.culprit || event.transaction || generated, CULPRIT_MAX);

  if (main) {
    const type = main.type ?? (main.value ? undefined : "Error");
    const value = main.value ? truncate(firstLine(main.value), TITLE_VALUE_MAX) : undefined;
    const title = type && value ? `${type}: ${value}` : (type ?? value ?? "Error");
    const metadata: IssueMetadata = {};
    if (main.type) metadata.type = main.type;
    if (main.value) metadata.value = main.value;
    if (frame?.filename) metadata.filename = frame.filename;
    if (frame?.function) metadata.function = frame.function;
    return { title, culprit, type: "error", metadata };
  }
  const message = messageOf(event);
  const title = message ? truncate(firstLine(message), TITLE_VALUE_MAX) : event.transaction || "<unlabeled event>";
  return { title, culprit, type: "default", metadata: { title } };
}
