/**
 * @module
 * Relay's built-in rules: `@<type>` with its default redaction, `@<type>:remove|replace|mask|hash`,
 * `@<type>:filter` (replace with `[Filtered]`), `@anything…`, `@urlauth:legacy`, `@common` and
 * `@common:filter`.
 * @see https://github.com/getsentry/relay/blob/master/relay-pii/src/builtin.rs
 */
import type { DetectorType, Redaction } from "./config.ts";
import { findCreditCards, findIbans, findIps } from "./detectors.ts";
import { type Finder, percentDecoded } from "./finders.ts";
import {
  findBearer,
  findEmails,
  findImeis,
  findMacs,
  findPemKeys,
  findUrlAuth,
  findUrlPassword,
  findUserPaths,
  findUsSsns,
  findUuids,
  PASSWORD_KEY,
  SECRET_KEY,
} from "./patterns.ts";
import { CH, type Need } from "./prefilter.ts";
import type { CompiledRule, RuleMatcher } from "./rule.ts";

/**
 * Detectors also look through percent-encoding: URLs and query strings are where PII hides most.
 * `needs` are cheap necessary conditions on the raw text (`prefilter.ts`; any `%` also passes, since
 * decoding may reveal a match): one of them holds in every text the finder can find something in.
 */
const find = (finder: Finder, ...needs: Need[]): RuleMatcher => ({ kind: "find", find: percentDecoded(finder), needs });

/** `Bearer` + one space + one character. */
const BEARER_NEEDS: Need = { chars: CH.B, length: 8, pattern: /bearer/i };

/** The matchers behind each detector type. */
export const DETECTOR_MATCHERS: Record<DetectorType | "anything", readonly RuleMatcher[]> = {
  anything: [{ kind: "anything" }],
  // Relay's password rule: bearer tokens in values, token-ish keys, and password-ish keys or values.
  password: [
    find(findBearer, BEARER_NEEDS),
    { kind: "key", pattern: SECRET_KEY },
    { kind: "keyValue", pattern: PASSWORD_KEY },
  ],
  // 13 digits with at most one separator between two.
  creditcard: [find(findCreditCards, { digits: 13, length: 13, pattern: /\d(?:[ +-]?\d){12}/ })],
  // Two capitals, two digits, 15 characters at least once the spaces are gone.
  iban: [find(findIbans, { chars: CH.UPPER, digits: 2, length: 15, pattern: /[A-Z]{2}\d{2}/ })],
  // `-----BEGIN ` … `KEY-----` `x` `-----END ` … `KEY-----`.
  pemkey: [find(findPemKeys, { chars: CH.DASH | CH.UPPER, length: 40, pattern: /-----BEGIN/ })],
  bearer: [find(findBearer, BEARER_NEEDS)],
  // `//u@`.
  urlauth: [find(findUrlAuth, { chars: CH.SLASH | CH.AT, length: 4 })],
  usssn: [find(findUsSsns, { chars: CH.DASH, digits: 9, length: 11, pattern: /\d{3}-\d{2}-\d{4}/ })],
  // `a@b.cc`.
  email: [find(findEmails, { chars: CH.AT | CH.DOT, length: 6 })],
  // `1.2.3.4`, or IPv6's colons (`::1`).
  ip: [find(findIps, { chars: CH.DOT, digits: 4, length: 7 }, { chars: CH.COLON, length: 3 })],
  // `home/x`, either slash.
  userpath: [find(findUserPaths, { chars: CH.SLASH, length: 6 }, { chars: CH.BACKSLASH, length: 6 })],
  mac: [find(findMacs, { chars: CH.COLON, length: 17 }, { chars: CH.DASH, length: 17 })],
  uuid: [find(findUuids, { length: 32 })],
  imei: [find(findImeis, { digits: 15, length: 15 })],
};

/** `@<type>:replace` texts (Relay's) and `@<type>` default methods (Relay's aliases). */
const TYPES: Record<DetectorType | "anything", { text: string; method: Redaction["method"] }> = {
  anything: { text: "[Filtered]", method: "replace" },
  password: { text: "[password]", method: "remove" },
  creditcard: { text: "[creditcard]", method: "replace" },
  iban: { text: "[iban]", method: "replace" },
  pemkey: { text: "[pemkey]", method: "replace" },
  // Not `[token]`: a replaced string may later serve as a pair key, and "token" keys are secrets.
  bearer: { text: "[Filtered]", method: "replace" },
  urlauth: { text: "[auth]", method: "replace" },
  usssn: { text: "[us-ssn]", method: "mask" },
  email: { text: "[email]", method: "replace" },
  ip: { text: "[ip]", method: "replace" },
  userpath: { text: "[user]", method: "replace" },
  mac: { text: "[mac]", method: "mask" },
  uuid: { text: "[uuid]", method: "mask" },
  imei: { text: "[imei]", method: "replace" },
};

const FILTERED: Redaction = { method: "replace", text: "[Filtered]" };

function redactionFor(type: keyof typeof TYPES, method: string): Redaction | undefined {
  switch (method) {
    case "remove":
    case "mask":
      return { method };
    case "hash":
      return { method, algorithm: "sha1" };
    case "replace":
      return { method, text: TYPES[type].text };
    case "filter":
      return FILTERED;
    default:
      return undefined;
  }
}

function rules(id: string, type: keyof typeof TYPES, redaction: Redaction): CompiledRule[] {
  return DETECTOR_MATCHERS[type].map((matcher) => ({ id, matcher, redaction }));
}

const COMMON = ["@iban", "@ip", "@email", "@creditcard", "@pemkey", "@urlauth", "@userpath", "@password", "@usssn"];
const COMMON_FILTER = [
  "@creditcard:filter",
  "@iban:filter",
  "@pemkey:filter",
  "@urlauth:legacy",
  "@userpath:filter",
  "@password:filter",
  "@usssn:filter",
];

/**
 * The compiled rules of built-in rule `id`, or `undefined` if there is no such built-in.
 * @example
 * builtinRule("@creditcard:mask") // [{ id: "@creditcard:mask", matcher: { kind: "find", … }, redaction: { method: "mask" } }]
 */
export function builtinRule(id: string): CompiledRule[] | undefined {
  if (id === "@common" || id === "@common:filter") {
    return (id === "@common" ? COMMON : COMMON_FILTER).flatMap((sub) => builtinRule(sub) ?? []);
  }
  if (id === "@urlauth:legacy") {
    // `//:p@`.
    return [
      { id, matcher: find(findUrlPassword, { chars: CH.SLASH | CH.COLON | CH.AT, length: 5 }), redaction: FILTERED },
    ];
  }
  const m = /^@([a-z]+)(?::([a-z]+))?$/.exec(id);
  if (!m || !Object.hasOwn(TYPES, m[1]!)) return undefined;
  const type = m[1] as keyof typeof TYPES;
  const redaction = redactionFor(type, m[2] ?? TYPES[type].method);
  return redaction ? rules(id, type, redaction) : undefined;
}
