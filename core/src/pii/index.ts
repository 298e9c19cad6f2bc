/**
 * @module
 * PII scrubbing after Relay's `relay-pii`: Sentry's data scrubber settings and advanced data
 * scrubbing rules (`PiiConfig`), compiled once (`compilePiiConfig`) and applied to a normalized event
 * (`scrubEvent`).
 * @see https://docs.sentry.io/security-legal-pii/scrubbing/
 */
export { builtinRule } from "./builtin.ts";
export { ibanValid, luhnValid } from "./checksums.ts";
export {
  type CompiledPiiConfig,
  type ConfigProblem,
  compilePiiConfig,
  compileRegex,
  piiConfigProblems,
} from "./compile.ts";
export * from "./config.ts";
export { type CompiledApplication, defaultApplications, SENSITIVE_COOKIES } from "./defaults.ts";
export { findCreditCards, findIbans, findIps } from "./detectors.ts";
export { type Finder, mergeRanges, type Range, regexFinder } from "./finders.ts";
export { hashText, maskText, REMOVED, redactMatches, redactText, redactValue } from "./redaction.ts";
export { applyRule, type CompiledRule, type RuleMatcher } from "./rule.ts";
export { scrubEvent } from "./scrub.ts";
export { type PathItem, parseSelector, type Selector, type ValueType } from "./selector.ts";
export { matchesSelector, type PathSegment } from "./selector-match.ts";
