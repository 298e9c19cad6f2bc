/**
 * @module
 * The regexes behind Relay's built-in rule types, in JavaScript syntax, with the capture groups that
 * get redacted. Where we differ from Relay it is said at the pattern.
 * @see https://github.com/getsentry/relay/blob/master/relay-pii/src/regexes.rs
 */
import { type Finder, regexFinder } from "./finders.ts";

/** Keys (and, Relay-style, whole values) that hold secrets; matched anywhere in the text, any case. */
export const PASSWORD_KEY =
  /password|secret|passwd|api[-_]key|apikey|auth|credentials|mysql_pwd|privatekey|private[-_]key|token[^\s]*[:=]|^otp$|^two[-_]factor$/i;

/**
 * Keys whose values are secrets, never scanned as values. Relay has `token`; session and CSRF keys are
 * ours, so `sessionid`, `PHPSESSID`, `csrftoken`, `XSRF-TOKEN` are filtered wherever they appear.
 */
export const SECRET_KEY = /token|session|sessid|csrf|xsrf/i;

/** `Bearer <token>`: only the token is redacted, so the scheme stays readable. */
export const findBearer: Finder = regexFinder(/\b(Bearer\s+)(\S+)/i, [2]);

export const findEmails: Finder = regexFinder(
  /\b[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}\b/,
);

/** The body of a PEM key block; the BEGIN/END lines stay so readers know what was there. */
export const findPemKeys: Finder = regexFinder(
  /-----BEGIN[A-Z ]+(?:PRIVATE|PUBLIC) KEY-----[\t ]*\r?\n?([\s\S]+?)\r?\n?-----END[A-Z ]+(?:PRIVATE|PUBLIC) KEY-----/,
  [1],
);

/** `user:password` (or `token`) before the `@` of a URL. */
export const findUrlAuth: Finder = regexFinder(
  /\b(?:(?:[a-z0-9+-]+:)?\/\/([a-zA-Z0-9%_.-]+(?::[a-zA-Z0-9%_.-]+)?))@/i,
  [1],
);

/**
 * Only the password of `scheme://user:password@host`: the URL and the user stay (Sentry's legacy
 * scrubber). Wider than Relay's `[a-zA-Z0-9%_.-]+`: real passwords contain `!`, `$`, `*`…, and
 * Redis URLs have no user (`redis://:password@host`).
 */
export const findUrlPassword: Finder = regexFinder(/\b((?:[a-z][a-z0-9+.-]*:)?\/\/[^\s/?#@:]*:)([^\s/?#@]+)@/i, [2]);

export const findUsSsns: Finder = regexFinder(/\b\d{3}-\d{2}-\d{4}\b/);

/** The user name in home-directory paths (`/home/jane`, `C:\Users\jane`). */
export const findUserPaths: Finder = regexFinder(
  /(?:\b(?:[a-z]:[\\/])?(?:users|home|documents and settings)[\\/]|\/(?:home|users)\/)([^/\\\r\n\0]+)/i,
  [1],
);

export const findMacs: Finder = regexFinder(/\b(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}\b/);

/** Hex UUIDs, dashed or not (Relay also accepts non-hex letters; we do not). */
export const findUuids: Finder = regexFinder(/\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/i);

export const findImeis: Finder = regexFinder(/\b\d{2}-?\d{6}-?\d{6}-?\d{1,2}\b/);
