/**
 * @module
 * Glob patterns as Relay's `GlobPatterns` evaluates them for the error-message and release filters:
 * whole-string, case-insensitive, `*` matches any run of characters (slashes and newlines included,
 * since messages are not paths), `?` one character, `{a,b}` alternatives, `[abc]` / `[!abc]`
 * classes and `\` escapes. Written here rather than taken from picomatch/minimatch: those are path
 * matchers (a `*` stops at `/`), pull in Node's `path`, and are far bigger than this.
 */

const cache = new WeakMap<readonly string[], readonly RegExp[]>();

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** Translates one character class starting at `pattern[i] === "["`; returns [source, next index]. */
function translateClass(pattern: string, i: number): [string, number] | undefined {
  const close = pattern.indexOf("]", i + 2);
  if (close === -1) return undefined;
  let body = pattern.slice(i + 1, close);
  const negated = body.startsWith("!") || body.startsWith("^");
  if (negated) body = body.slice(1);
  const escaped = [...body].map((c) => (c === "-" ? "-" : escapeChar(c))).join("");
  return [`[${negated ? "^" : ""}${escaped}]`, close + 1];
}

/**
 * Compiles one glob to an anchored, case-insensitive RegExp; `undefined` for an empty pattern, which
 * Relay never matches.
 * @example
 * globToRegExp("ChunkLoadError: Loading chunk *")!.test("chunkloaderror: loading chunk 17 failed") // true
 */
export function globToRegExp(pattern: string): RegExp | undefined {
  if (pattern === "") return undefined;
  let out = "";
  let inAlternatives = false;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) {
      out += escapeChar(pattern[i + 1]!);
      i += 2;
      continue;
    }
    if (c === "*") out += "[\\s\\S]*";
    else if (c === "?") out += "[\\s\\S]";
    else if (c === "{" && !inAlternatives && pattern.includes("}", i)) {
      inAlternatives = true;
      out += "(?:";
    } else if (c === "}" && inAlternatives) {
      inAlternatives = false;
      out += ")";
    } else if (c === "," && inAlternatives) out += "|";
    else if (c === "[") {
      const cls = translateClass(pattern, i);
      if (cls) {
        out += cls[0];
        i = cls[1];
        continue;
      }
      out += "\\[";
    } else out += escapeChar(c);
    i += 1;
  }
  try {
    return new RegExp(`^(?:${out})$`, "i");
  } catch {
    return undefined;
  }
}

/**
 * True when any of `patterns` matches the whole `value`. Compiled regexes are cached per patterns
 * array, which lives as long as the project config the edge caches.
 * @example
 * matchesAnyGlob(["1.0.*", "*-beta"], "2.0.0-BETA") // true
 */
export function matchesAnyGlob(patterns: readonly string[], value: string): boolean {
  if (patterns.length === 0) return false;
  let compiled = cache.get(patterns);
  if (!compiled) {
    compiled = patterns.map(globToRegExp).filter((r): r is RegExp => r !== undefined);
    cache.set(patterns, compiled);
  }
  return compiled.some((re) => re.test(value));
}
