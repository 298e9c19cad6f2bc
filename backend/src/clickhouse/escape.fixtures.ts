/**
 * @module
 * Strings that try to break out of a SQL literal, shared by the escaping tests of every EventStore
 * adapter (chDB and the HTTP server).
 */

/** Injection attempts, escapes, control characters and odd Unicode. */
export const HOSTILE_STRINGS: readonly string[] = [
  "') OR 1=1 --",
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  "\\",
  "\\'",
  "a\\",
  "\\\\' OR 1=1 --",
  "trailing backslash \\",
  "NUL\u0000byte",
  "\u0000",
  "line\nbreak\r\ttab\b\f",
  "bell\u0007 esc\u001b del\u007f",
  "unicode: żółć 日本語 🚀 \u202e rtl",
  '`backtick` "double"',
  "/* comment */ -- dash",
  "{param:String}",
  "",
];
