/**
 * @module
 * Relay's selector language, parsed into a small AST. Grammar (relay-pii `selector.pest`):
 *
 *     or    := and (("||" | "|") and)*
 *     and   := maybe (("&&" | "&") maybe)*
 *     maybe := ("!" | "~") primary | primary
 *     primary := "(" or ")" | path
 *     path  := item ("." item)*
 *     item  := "$" type | "**" | "*" | digits | key | "'" quoted key ("''" escapes "'") "'"
 *
 * A hand-written recursive-descent parser: the grammar is a dozen lines, and a parser-combinator or
 * PEG library (parsimmon, peggy, chevrotain) would add more code to every edge isolate than this
 * file, for error messages we do not need.
 * @see https://docs.sentry.io/security-legal-pii/scrubbing/advanced-datascrubbing/#selectors
 */
import { err, ok, type Result } from "../result.ts";

/** Value types a `$type` item can name. */
export type ValueType =
  | "string"
  | "number"
  | "boolean"
  | "array"
  | "object"
  | "event"
  | "exception"
  | "stacktrace"
  | "frame"
  | "request"
  | "user"
  | "logentry"
  | "thread"
  | "breadcrumb";

/** `$name` → value type, with Relay's aliases (`$error`, `$http`, `$message`, …). */
const TYPE_NAMES: Record<string, ValueType> = {
  string: "string",
  freeform: "string",
  number: "number",
  bool: "boolean",
  boolean: "boolean",
  array: "array",
  list: "array",
  object: "object",
  databag: "object",
  event: "event",
  exception: "exception",
  error: "exception",
  stacktrace: "stacktrace",
  stack: "stacktrace",
  frame: "frame",
  request: "request",
  http: "request",
  user: "user",
  logentry: "logentry",
  message: "logentry",
  thread: "thread",
  breadcrumb: "breadcrumb",
};

export type PathItem =
  | { kind: "type"; type: ValueType }
  | { kind: "index"; index: number }
  /** Keys match case-insensitively; stored lower-cased. */
  | { kind: "key"; key: string }
  | { kind: "wildcard" }
  | { kind: "deep" };

export type Selector =
  | { op: "path"; items: PathItem[] }
  | { op: "and"; items: Selector[] }
  | { op: "or"; items: Selector[] }
  | { op: "not"; item: Selector };

/** Old Sentry selector names that Relay still maps to a type. */
const LEGACY: Record<string, ValueType> = {
  freeform: "string",
  email: "string",
  sensitive: "string",
  text: "string",
  databag: "object",
  container: "object",
};

class SelectorSyntaxError extends Error {}

/** Bounds recursion: selectors come from user config and must never blow the stack. */
const MAX_NESTING = 32;
const MAX_LENGTH = 2000;

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  parse(): Selector {
    if (this.text.length > MAX_LENGTH) this.fail(`longer than ${MAX_LENGTH} characters`);
    const selector = this.or();
    this.skipSpace();
    if (this.at < this.text.length) this.fail(`unexpected ${JSON.stringify(this.text[this.at])}`);
    return selector;
  }

  private fail(message: string): never {
    throw new SelectorSyntaxError(`${message} at position ${this.at} of ${JSON.stringify(this.text)}`);
  }

  private skipSpace(): void {
    while (this.text[this.at] === " ") this.at++;
  }

  /** Consumes the first of `tokens` found at the cursor. */
  private eat(...tokens: string[]): boolean {
    this.skipSpace();
    const token = tokens.find((t) => this.text.startsWith(t, this.at));
    if (token === undefined) return false;
    this.at += token.length;
    return true;
  }

  private or(): Selector {
    const items = [this.and()];
    while (this.eat("||", "|")) items.push(this.and());
    return items.length === 1 ? items[0]! : { op: "or", items };
  }

  private and(): Selector {
    const items = [this.maybeNot()];
    while (this.eat("&&", "&")) items.push(this.maybeNot());
    return items.length === 1 ? items[0]! : { op: "and", items };
  }

  private maybeNot(): Selector {
    return this.eat("!", "~") ? { op: "not", item: this.primary() } : this.primary();
  }

  private primary(): Selector {
    if (this.eat("(")) {
      if (++this.depth > MAX_NESTING) this.fail("too many nested parentheses");
      const inner = this.or();
      if (!this.eat(")")) this.fail("expected )");
      this.depth--;
      return inner;
    }
    const items = [this.item()];
    while (this.eat(".")) items.push(this.item());
    if (items.filter((i) => i.kind === "deep").length > 1) this.fail("** may appear once per path");
    if (items.length === 1 && items[0]!.kind === "wildcard") this.fail("* must be part of a path");
    return { op: "path", items };
  }

  private item(): PathItem {
    this.skipSpace();
    const rest = this.text.slice(this.at);
    const type = /^\$([a-z_]+)/.exec(rest);
    if (type) {
      const valueType = TYPE_NAMES[type[1]!];
      if (!valueType) this.fail(`unknown value type $${type[1]}`);
      return this.advance(type[0].length, { kind: "type", type: valueType });
    }
    if (rest.startsWith("**")) return this.advance(2, { kind: "deep" });
    if (rest.startsWith("*")) return this.advance(1, { kind: "wildcard" });
    const index = /^\d+/.exec(rest);
    if (index) return this.advance(index[0].length, { kind: "index", index: Number(index[0]) });
    const key = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (key) return this.advance(key[0].length, { kind: "key", key: key[0].toLowerCase() });
    const quoted = /^'((?:[^']|'')+)'/.exec(rest);
    if (quoted)
      return this.advance(quoted[0].length, { kind: "key", key: quoted[1]!.replaceAll("''", "'").toLowerCase() });
    return this.fail("expected a path item");
  }

  private advance(n: number, item: PathItem): PathItem {
    this.at += n;
    return item;
  }
}

/**
 * Parses a selector. `legacy` (the default, as for `applications`) also accepts Relay's old
 * whole-selector names (`freeform`, `email`, `databag`, …); safe fields are parsed without them.
 * @example
 * parseSelector("$http.headers.authorization || extra.'my key'")
 */
export function parseSelector(text: string, legacy = true): Result<Selector, string> {
  const legacyType = legacy ? LEGACY[text.trim()] : undefined;
  if (legacyType) return ok({ op: "path", items: [{ kind: "type", type: legacyType }] });
  try {
    return ok(new Parser(text).parse());
  } catch (e) {
    if (e instanceof SelectorSyntaxError) return err(e.message);
    throw e;
  }
}
