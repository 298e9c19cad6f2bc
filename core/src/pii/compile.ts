/**
 * @module
 * `PiiConfig` → `CompiledPiiConfig`: selectors parsed, rule ids resolved to matchers, regexes built.
 * Compiled once per config object (the edge caches project configs), never throws: what cannot be
 * compiled is skipped and reported in `problems` — the same list `PiiConfigSchema` uses to refuse a
 * bad config when it is saved.
 */
import { builtinRule, DETECTOR_MATCHERS } from "./builtin.ts";
import type { PiiConfig, Redaction, Rule } from "./config.ts";
import { application, type CompiledApplication, defaultApplications } from "./defaults.ts";
import { regexFinder } from "./finders.ts";
import type { CompiledRule } from "./rule.ts";
import { parseSelector } from "./selector.ts";

/** A config error, with the path of the offending field. */
export interface ConfigProblem {
  path: (string | number)[];
  message: string;
}

/** A config ready for `scrubEvent`: applications run in order, custom ones before the defaults (as Relay). */
export interface CompiledPiiConfig {
  applications: CompiledApplication[];
  problems: ConfigProblem[];
}

/**
 * Compiles a rule's regex, accepting the Rust-regex habits of Relay configs that JavaScript lacks:
 * leading inline flags `(?i)` and named groups `(?P<name>…)`. Throws on an invalid pattern.
 * @example
 * compileRegex("(?i)order-(?P<id>\\d+)").test("ORDER-12") // true
 */
export function compileRegex(pattern: string, extraFlags = ""): RegExp {
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  const flags = new Set([...extraFlags, ...(inline?.[1] ?? "")]);
  if (flags.has("x")) throw new Error("the x (verbose) flag is not supported");
  const source = (inline ? pattern.slice(inline[0].length) : pattern).replaceAll("(?P<", "(?<");
  return new RegExp(source, [...flags].join(""));
}

class Compiler {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly config: PiiConfig) {}

  /** Resolves a rule id (custom first, then built-in); `override` replaces the inner redactions. */
  resolve(id: string, path: (string | number)[], seen: ReadonlySet<string>, override?: Redaction): CompiledRule[] {
    if (seen.has(id)) {
      this.problems.push({ path, message: `rule ${JSON.stringify(id)} refers to itself` });
      return [];
    }
    const custom = Object.hasOwn(this.config.rules, id) ? this.config.rules[id] : undefined;
    const compiled = custom ? this.compileRule(id, custom, new Set([...seen, id])) : builtinRule(id);
    if (!compiled) {
      this.problems.push({ path, message: `unknown rule ${JSON.stringify(id)}` });
      return [];
    }
    return override ? compiled.map((r) => ({ ...r, redaction: override })) : compiled;
  }

  private compileRule(id: string, rule: Rule, seen: ReadonlySet<string>): CompiledRule[] {
    const path = ["rules", id];
    try {
      switch (rule.type) {
        case "pattern":
          return [
            {
              id,
              matcher: { kind: "find", find: regexFinder(compileRegex(rule.pattern), rule.replaceGroups) },
              redaction: rule.redaction,
            },
          ];
        case "redactPair":
          return [
            { id, matcher: { kind: "key", pattern: compileRegex(rule.keyPattern, "i") }, redaction: rule.redaction },
          ];
        case "multiple":
          return rule.rules.flatMap((sub, i) => this.resolve(sub, [...path, "rules", i], seen, rule.redaction));
        case "alias":
          return this.resolve(rule.rule, [...path, "rule"], seen, rule.redaction);
        default:
          return DETECTOR_MATCHERS[rule.type].map((matcher) => ({ id, matcher, redaction: rule.redaction }));
      }
    } catch (e) {
      this.problems.push({ path, message: `invalid pattern: ${e instanceof Error ? e.message : String(e)}` });
      return [];
    }
  }

  applications(): CompiledApplication[] {
    const apps: CompiledApplication[] = [];
    for (const [text, ids] of Object.entries(this.config.applications)) {
      const selector = parseSelector(text);
      if (!selector.ok) {
        this.problems.push({ path: ["applications", text], message: `invalid selector: ${selector.error}` });
        continue;
      }
      const rules = ids.flatMap((id, i) => this.resolve(id, ["applications", text, i], new Set()));
      if (rules.length > 0) apps.push(application(selector.value, rules));
    }
    return apps;
  }
}

function build(config: PiiConfig): CompiledPiiConfig {
  const compiler = new Compiler(config);
  const custom = compiler.applications();
  // Rules nothing applies are still compiled, so their mistakes are reported too.
  for (const id of Object.keys(config.rules)) compiler.resolve(id, ["rules", id], new Set());
  const problems = compiler.problems.filter(
    (p, i, all) => all.findIndex((q) => q.message === p.message && q.path.join() === p.path.join()) === i,
  );
  return { applications: [...custom, ...defaultApplications(config)], problems };
}

const cache = new WeakMap<PiiConfig, CompiledPiiConfig>();

/**
 * Compiles a parsed `PiiConfig`, once per config object.
 * @param config the output of `PiiConfigSchema.parse`
 * @example
 * const compiled = compilePiiConfig(PiiConfigSchema.parse(project.piiConfig ?? {}));
 * const { event, scrubbed } = scrubEvent(normalized, compiled);
 */
export function compilePiiConfig(config: PiiConfig): CompiledPiiConfig {
  let compiled = cache.get(config);
  if (!compiled) {
    compiled = build(config);
    cache.set(config, compiled);
  }
  return compiled;
}

/**
 * The problems of a config (unknown rules, bad regexes, bad selectors); empty when it is sound.
 * @example
 * piiConfigProblems(config) // [{ path: ["applications", "$string", 0], message: 'unknown rule "nope"' }]
 */
export function piiConfigProblems(config: PiiConfig): ConfigProblem[] {
  return build(config).problems;
}
