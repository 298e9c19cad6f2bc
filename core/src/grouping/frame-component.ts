/**
 * @module
 * The grouping identity of a stack frame: where (module, else a normalized filename) and what
 * (function). Line and column numbers are left out on purpose: they change with every deploy, and
 * an issue must survive a deploy.
 */
import type { Frame } from "../schema/frame.ts";

/**
 * Makes a filename stable across hosts and builds: drops scheme, host, query and fragment, turns
 * backslashes into slashes, and replaces content hashes and version segments.
 * @example normalizeFilename("https://cdn.x.com/static/app.3f2a1b9c.js?v=2") // "/static/app.<hash>.js"
 */
export function normalizeFilename(filename: string): string {
  let f = filename.replace(/\\/g, "/");
  f = f.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  f = f.replace(/[?#].*$/, "");
  f = f.replace(/\/v?\d+\.\d+(?:\.\d+)*(?:-[\w.]+)?\//g, "/<version>/");
  f = f.replace(/([./_-])[0-9a-f]{7,}(?=[./_-]|$)/gi, "$1<hash>");
  return f;
}

/**
 * Normalizes a function name: drops `async `/`new ` prefixes that vary with call style, and numbers
 * that compilers attach to anonymous functions (`lambda$12`, `<lambda>_3`).
 */
export function normalizeFunction(fn: string): string {
  return fn
    .trim()
    .replace(/^(?:async|new)\s+/, "")
    .replace(/\$\d+/g, "$")
    .replace(/_\d+$/, "");
}

/** `module-or-filename:function`, or `undefined` when the frame has neither. */
export function frameComponent(frame: Frame): string | undefined {
  const where =
    frame.module ??
    ((frame.filename ?? frame.abs_path) ? normalizeFilename(frame.filename ?? frame.abs_path ?? "") : undefined);
  const what = frame.function ? normalizeFunction(frame.function) : undefined;
  if (!where && !what) return undefined;
  return `${where ?? "?"}:${what ?? "?"}`;
}
