/**
 * @module
 * The data scrubber's settings (`scrubData`, `scrubDefaults`, `scrubIpAddresses`, `sensitiveFields`,
 * `safeFields`) expressed as selector → rules applications, as Relay's `to_pii_config` does for
 * Sentry's legacy settings.
 * @see https://github.com/getsentry/relay/blob/master/relay-pii/src/convert.rs
 */
import { builtinRule } from "./builtin.ts";
import type { PiiConfig } from "./config.ts";
import { regexFinder } from "./finders.ts";
import { CH, type Need } from "./prefilter.ts";
import { type CompiledRule, keyMatcher } from "./rule.ts";
import { parseSelector, type Selector } from "./selector.ts";
import { compileSelector, type PathMatcher, type SelectorGate, selectorGate } from "./selector-match.ts";

/** A selector with the rules it applies, in order. */
export interface CompiledApplication {
  selector: Selector;
  /** `selector`, compiled (see `compileSelector`). */
  matches: PathMatcher;
  /** `selector`'s shortcut (see `selectorGate`), when it has one. */
  gate?: SelectorGate;
  rules: CompiledRule[];
  /** `rules` as the walk runs them. */
  steps: RuleStep[];
}

/**
 * A rule as the walk runs it. One object shape for every kind of rule, so the walk's loop over rules
 * stays monomorphic (V8 slows down on a loop over objects of many shapes).
 */
export interface RuleStep {
  rule: CompiledRule;
  /** A detector: reads the text, only of strings and numbers. */
  find: boolean;
  /** An `anything` rule: not re-run when a replacement is scanned again. */
  anything: boolean;
  /** The detector's needs (see `prefilter.ts`). */
  needs: readonly Need[] | undefined;
  /** The key test of a key or key/value rule. */
  keyTest: ((key: string | undefined) => boolean) | undefined;
  /** The value test of a key/value rule. */
  valueTest: RegExp | undefined;
}

function step(rule: CompiledRule): RuleStep {
  const m = rule.matcher;
  return {
    rule,
    find: m.kind === "find",
    anything: m.kind === "anything",
    needs: m.kind === "find" ? m.needs : undefined,
    keyTest: m.kind === "key" || m.kind === "keyValue" ? keyMatcher(m.pattern) : undefined,
    valueTest: m.kind === "keyValue" ? m.pattern : undefined,
  };
}

/**
 * Builds an application: compiles its selector and precomputes what the walk needs per value.
 * @example
 * application(selector, builtinRule("@email")!)
 */
export function application(selector: Selector, rules: CompiledRule[]): CompiledApplication {
  const steps = rules.map(step);
  return { selector, matches: compileSelector(selector), gate: selectorGate(selector), rules, steps };
}

function selector(text: string, legacy = true): Selector {
  const parsed = parseSelector(text, legacy);
  if (!parsed.ok) throw new Error(`bad built-in selector: ${parsed.error}`);
  return parsed.value;
}

function builtins(...ids: string[]): CompiledRule[] {
  return ids.flatMap((id) => builtinRule(id) ?? []);
}

/**
 * Fields the destructive defaults must not touch: they carry what the product needs to group and
 * show an event (messages, exception values, file paths), plus the UA the filters read. They get the
 * replacing rules only, so a card number in an exception message still becomes `[creditcard]`.
 * Relay has the same list minus `$logentry.message` (the template grouping uses), plus `debug_meta.**`,
 * which the walker never enters (see `event-shape.ts`).
 */
const PROTECTED =
  "$frame.filename || $frame.abs_path || $logentry.formatted || $logentry.message || $error.value || " +
  "$http.headers.user-agent";

/** Cookies of popular frameworks that hold a session or a CSRF token (Relay's list). */
export const SENSITIVE_COOKIES = [
  "sentrysid",
  "sudo",
  "su",
  "session",
  "__session",
  "sessionid",
  "user_session",
  "symfony",
  "phpsessid",
  "fasthttpsessionid",
  "mysession",
  "irissessionid",
  "_vercel_jwt",
  "csrf",
  "xsrf",
  "_xsrf",
  "_csrf",
  "csrf-token",
  "csrf_token",
  "xsrf-token",
  "xsrf_token",
  "fastcsrf",
  "_iris_csrf",
  "csrftoken",
];
const COOKIE_NAMES = new Set(SENSITIVE_COOKIES);
const FILTERED = { method: "replace", text: "[Filtered]" } as const;

/** Sensitive cookies inside a `Cookie` header string: `sessionid=abc; theme=dark` → `sessionid=[Filtered]; …`. */
const COOKIE_RULES: CompiledRule[] = [
  {
    id: "@cookies",
    matcher: {
      kind: "find",
      find: regexFinder(/(?:^|;)\s*([^=;\s]+)\s*=\s*([^;]*)/, [2], (m) => COOKIE_NAMES.has(m[1]!.toLowerCase())),
      needs: [{ chars: CH.EQUALS }],
    },
    redaction: FILTERED,
  },
  {
    id: "@cookies",
    matcher: { kind: "key", pattern: new RegExp(`^(?:${SENSITIVE_COOKIES.join("|")})$`, "i") },
    redaction: FILTERED,
  },
];

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** A safe field is a selector when it parses as one, else a literal key (as Relay falls back). */
function safeFieldSelector(field: string): Selector {
  const parsed = parseSelector(field, false);
  return parsed.ok ? parsed.value : { op: "path", items: [{ kind: "key", key: field.toLowerCase() }] };
}

/**
 * The applications implied by the data scrubber settings, in the order they run.
 * @example
 * defaultApplications(PiiConfigSchema.parse({})) // password keys, cards, IBANs, PEM keys, URL passwords, SSNs, cookies
 */
export function defaultApplications(config: PiiConfig): CompiledApplication[] {
  const apps: CompiledApplication[] = [];
  const safe = config.safeFields.map((f) => f.trim()).filter((f) => f !== "");
  // Safe fields exempt a value from every data scrubber rule, as Sentry documents them.
  const unlessSafe = (text: string): Selector => ({
    op: "and",
    items: [selector(text), ...safe.map((f): Selector => ({ op: "not", item: safeFieldSelector(f) }))],
  });
  // Relay also requires `$string || $number || $array || $object`: the walker never offers anything else.
  const scrubbable = unlessSafe(`!(${PROTECTED})`);
  const isProtected = unlessSafe(PROTECTED);
  const replacing = ["@creditcard:replace", "@iban:replace", "@usssn:replace", "@bearer:replace", "@pemkey:replace"];

  if (config.scrubData && config.scrubDefaults) {
    apps.push(
      application(
        scrubbable,
        builtins(
          "@creditcard:replace",
          "@iban:replace",
          "@pemkey:replace",
          "@urlauth:legacy",
          "@password:filter",
          "@usssn:replace",
        ),
      ),
    );
    apps.push(application(unlessSafe("$http.cookies || $http.cookies.* || $http.headers.cookie"), COOKIE_RULES));
    apps.push(application(isProtected, builtins(...replacing, "@urlauth:legacy")));
  }
  if (config.scrubIpAddresses) {
    apps.push(application(unlessSafe("$http.env.REMOTE_ADDR || $user.ip_address"), builtins("@anything:remove")));
    apps.push(application(scrubbable, builtins("@ip:replace")));
    apps.push(application(isProtected, builtins("@ip:replace")));
  }
  const fields = config.sensitiveFields.map((f) => f.trim()).filter((f) => f !== "");
  if (config.scrubData && fields.length > 0) {
    const pattern = new RegExp(fields.map(escapeRegExp).join("|"), "i");
    apps.push(
      application(scrubbable, [{ id: "strip-fields", matcher: { kind: "key", pattern }, redaction: FILTERED }]),
    );
  }
  return apps;
}
