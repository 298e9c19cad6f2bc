/**
 * @module
 * Scalar attributes with rules beyond their type: level aliases, the platform allow-list, and the
 * characters Sentry forbids in releases, environments and dists (they become tag values and URL
 * segments in the product).
 */
import { LEVELS, type Level } from "../schema/index.ts";
import { isCleanString } from "./values.ts";

/** The level an event gets when it names none (Sentry's default for error events). */
export const DEFAULT_LEVEL: Level = "error";

/** The platform an event gets when it names none or an unknown one. */
export const DEFAULT_PLATFORM = "other";

/** Sentry's `VALID_PLATFORMS`: anything else is stored as `other`. */
export const VALID_PLATFORMS: ReadonlySet<string> = new Set([
  "as3",
  "c",
  "cfml",
  "cocoa",
  "csharp",
  "elixir",
  "go",
  "groovy",
  "haskell",
  "java",
  "javascript",
  "native",
  "node",
  "objc",
  "other",
  "perl",
  "php",
  "python",
  "ruby",
]);

const LEVEL_ALIASES: Record<string, Level> = { log: "info", warn: "warning", critical: "fatal" };
/** Python `logging` numbers, which old Python SDKs send as the level. */
const PYTHON_LEVELS: Record<number, Level> = { 10: "debug", 20: "info", 30: "warning", 40: "error", 50: "fatal" };

/**
 * Maps a level as SDKs spell it (any case, `warn`, `log`, `critical`, Python numbers) to a {@link Level}.
 * @returns the level, or `undefined` when `value` names none
 */
export function parseLevel(value: unknown): Level | undefined {
  if (typeof value === "number") return PYTHON_LEVELS[value];
  if (typeof value !== "string") return undefined;
  const lower = value.trim().toLowerCase();
  if ((LEVELS as readonly string[]).includes(lower)) return lower as Level;
  return LEVEL_ALIASES[lower];
}

/** Maps a platform to itself when Sentry knows it, else to {@link DEFAULT_PLATFORM}. */
export function normalizePlatform(value: string): string {
  return VALID_PLATFORMS.has(value) ? value : DEFAULT_PLATFORM;
}

const RELEASE_FORBIDDEN = /[\n\r\t\f\v/\\]/;
const RESERVED_RELEASES = new Set([".", "..", "latest"]);

/** Sentry's release rules: 1–200 characters, no slashes or control whitespace, not `latest`, `.`, `..`. */
export function isValidRelease(value: string): boolean {
  return isCleanString(value, 200, RELEASE_FORBIDDEN) && !RESERVED_RELEASES.has(value) && value.trim() === value;
}

/** Sentry's environment rules: 1–64 characters, no slash or newline. */
export function isValidEnvironment(value: string): boolean {
  return isCleanString(value, 64, /[\n\r\f/]/);
}

/** Sentry's dist rules: 1–64 characters, no newline. */
export function isValidDist(value: string): boolean {
  return isCleanString(value, 64, /[\n\r]/);
}
