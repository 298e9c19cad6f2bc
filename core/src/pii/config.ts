/**
 * @module
 * The user-facing PII configuration of a project: Sentry's server-side data scrubbing settings
 * (`scrubData`, `scrubDefaults`, `scrubIpAddresses`, `sensitiveFields`, `safeFields`) plus Relay's
 * advanced data scrubbing (`rules` and `applications`, same JSON as Sentry's). `compilePiiConfig`
 * turns it into a `CompiledPiiConfig` once per config object.
 * @see https://docs.sentry.io/security-legal-pii/scrubbing/server-side-scrubbing/
 * @see https://docs.sentry.io/security-legal-pii/scrubbing/advanced-datascrubbing/
 */
import { z } from "zod";
import { piiConfigProblems } from "./compile.ts";

/** How a match is redacted. */
export const RedactionSchema = z.discriminatedUnion("method", [
  /** Deletes the value (or the matched substring). */
  z.object({ method: z.literal("remove") }),
  /** Puts `text` in place of the match. Default text: `[Filtered]`. */
  z.object({ method: z.literal("replace"), text: z.string().max(200).default("[Filtered]") }),
  /** Overwrites every character of the match with `*`. */
  z.object({ method: z.literal("mask") }),
  /** Upper-case hex HMAC (empty key) of the match, as Relay: SHA-1 by default. */
  z.object({ method: z.literal("hash"), algorithm: z.enum(["sha1", "sha256"]).default("sha1") }),
]);
export type Redaction = z.infer<typeof RedactionSchema>;

/** Rule types that detect a kind of data, as Relay's built-in `RuleType`s. */
export const DETECTOR_TYPES = [
  "password",
  "creditcard",
  "iban",
  "pemkey",
  "bearer",
  "urlauth",
  "usssn",
  "email",
  "ip",
  "userpath",
  "mac",
  "uuid",
  "imei",
] as const;
export type DetectorType = (typeof DETECTOR_TYPES)[number];

/** Relay's default redaction when a rule names none. */
const REMOVE = { method: "remove" } as const;

/** A custom rule, referenced by its id in `applications`. */
export const RuleSchema = z.discriminatedUnion("type", [
  /** A regex over string values (JavaScript syntax; a leading `(?i)` is accepted as in Relay). */
  z.object({
    type: z.literal("pattern"),
    pattern: z.string().min(1).max(1000),
    /** Capture groups to redact; default: the whole match. */
    replaceGroups: z.array(z.number().int().min(0).max(99)).max(10).optional(),
    redaction: RedactionSchema.default(REMOVE),
  }),
  /** Redacts the whole value of every key matching `keyPattern` (case-insensitive, anywhere in the key). */
  z.object({
    type: z.literal("redactPair"),
    keyPattern: z.string().min(1).max(1000),
    redaction: RedactionSchema.default(REMOVE),
  }),
  /** Redacts whatever the selector picks. */
  z.object({ type: z.literal("anything"), redaction: RedactionSchema.default(REMOVE) }),
  /** Several rules under one id; `redaction`, when given, overrides theirs. */
  z.object({ type: z.literal("multiple"), rules: z.array(z.string()).max(50), redaction: RedactionSchema.optional() }),
  /** Another rule (custom or built-in) under a new id; `redaction`, when given, overrides its own. */
  z.object({ type: z.literal("alias"), rule: z.string(), redaction: RedactionSchema.optional() }),
  /** A built-in detector with a chosen redaction, e.g. `{ type: "creditcard", redaction: { method: "mask" } }`. */
  z.object({ type: z.enum(DETECTOR_TYPES), redaction: RedactionSchema.default(REMOVE) }),
]);
export type Rule = z.infer<typeof RuleSchema>;

const PiiConfigObject = z.object({
  /** Master switch of the data scrubber (`sensitiveFields` and the defaults below). Default on. */
  scrubData: z.boolean().default(true),
  /**
   * The default rules: password-like keys, session/CSRF cookies and the `Authorization` header →
   * `[Filtered]`; Luhn-valid card numbers → `[creditcard]`; IBANs → `[iban]`; PEM key bodies →
   * `[pemkey]`; `Bearer` tokens and URL passwords → `[Filtered]`; US SSNs → `[us-ssn]`. Default on.
   */
  scrubDefaults: z.boolean().default(true),
  /** Removes `user.ip_address` and `request.env.REMOTE_ADDR`, replaces IPs in strings by `[ip]`. Default off. */
  scrubIpAddresses: z.boolean().default(false),
  /** Extra key names (case-insensitive substrings) whose values become `[Filtered]`. */
  sensitiveFields: z.array(z.string().max(200)).max(500).default([]),
  /**
   * Keys (or selectors, e.g. `extra.order_token`) the data scrubber leaves alone: exempt from
   * `scrubDefaults`, `sensitiveFields` and `scrubIpAddresses`, not from `rules`.
   */
  safeFields: z.array(z.string().max(200)).max(500).default([]),
  /** Custom rules by id (advanced data scrubbing). */
  rules: z.record(z.string(), RuleSchema).default({}),
  /**
   * Selector → rule ids (custom ids or built-ins such as `@creditcard:mask`, `@anything:remove`).
   * Selectors: `$string`, `$frame.vars`, `extra.foo`, `**.token`, `'my key'`, `&&`, `||`, `!`, `(…)`.
   */
  applications: z.record(z.string(), z.array(z.string()).max(50)).default({}),
});

/**
 * A project's PII configuration. Parsing rejects unknown rule ids, invalid regexes and invalid
 * selectors with a readable path, so a bad config is refused when saved rather than ignored at the
 * edge (where `compilePiiConfig` skips what it cannot compile).
 * @example
 * PiiConfigSchema.parse({ applications: { "$frame.vars.**": ["@creditcard:mask"] } })
 */
export const PiiConfigSchema = PiiConfigObject.superRefine((config, ctx) => {
  for (const problem of piiConfigProblems(config)) {
    ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  }
});
export type PiiConfig = z.infer<typeof PiiConfigObject>;
