/**
 * Each built-in rule on a string, with Relay's own test vectors where it has them (relay-pii
 * builtin.rs), hashes included: ours must equal Relay's.
 */
import { describe, expect, it } from "vitest";
import { builtinRule } from "./builtin.ts";
import { applyRule, type CompiledRule, REMOVED } from "./rule.ts";

function apply(id: string, value: unknown, key?: string): unknown {
  const rules = builtinRule(id);
  if (!rules) throw new Error(`no builtin ${id}`);
  return rules.reduce<unknown>((v, rule: CompiledRule) => (v === REMOVED ? v : applyRule(rule, key, v)), value);
}

describe("built-in rules on strings", () => {
  it.each([
    ["@ip", "before 127.0.0.1 after", "before [ip] after"],
    ["@ip:replace", "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]", "[[ip]]"],
    ["@ip:hash", "before 127.0.0.1 after", "before AE12FE3B5F129B5CC4CDD2B136B7B7947C4D2741 after"],
    [
      "@ip:hash",
      "before 2001:0db8:85a3:0000:0000:8a2e:0370:7334 after",
      "before 8C3DC9BEED9ADE493670547E24E4E45EDE69FF03 after",
    ],
    ["@ip", "before ::1 after", "before [ip] after"],
    ["@ip", "foo::1", "foo::1"],
    ["@ip", "at 10:30:00 on 2024-05-01", "at 10:30:00 on 2024-05-01"],
    ["@ip", "mapped ::ffff:192.0.2.1 ok", "mapped [ip] ok"],
    ["@ip:mask", "from 10.0.0.1", "from ********"],
    ["@ip:remove", "from 10.0.0.1!", "from !"],
    ["@ip", "version 1.2.300.4", "version 1.2.300.4"],
    ["@imei", "before 356938035643809 after", "before [imei] after"],
    ["@imei:hash", "before 356938035643809 after", "before 3888108AA99417402969D0B47A2CA4ECD2A1AAD3 after"],
    ["@mac", "ether 4a:00:04:10:9b:50", "ether *****************"],
    ["@mac:replace", "ether 4a:00:04:10:9b:50", "ether [mac]"],
    ["@mac:hash", "ether 4a:00:04:10:9b:50", "ether 6220F3EE59BF56B32C98323D7DE43286AAF1F8F1"],
    ["@uuid", "user id ceee0822-ed8f-4622-b2a3-789e73e75cd1", "user id ************************************"],
    ["@uuid:hash", "user id ceee0822-ed8f-4622-b2a3-789e73e75cd1", "user id EBFA4DBDAA4A619F10B6DE2ABB630DE0122F5CDB"],
    ["@uuid:replace", "user id ceee0822-ed8f-4622-b2a3-789e73e75cd1", "user id [uuid]"],
    ["@email", "John Appleseed <john@appleseed.com>", "John Appleseed <[email]>"],
    ["@email:mask", "John Appleseed <john@appleseed.com>", "John Appleseed <******************>"],
    ["@email:hash", "John Appleseed <john@appleseed.com>", "John Appleseed <33835528AC0FFF1B46D167C35FEAAA6F08FD3F46>"],
    ["@email:remove", "John Appleseed <john@appleseed.com>", "John Appleseed <>"],
    ["@iban", "some iban: DE89370400440532013000!", "some iban: [iban]!"],
    ["@iban:mask", "some iban: DE89370400440532013000!", "some iban: **********************!"],
    ["@iban:hash", "some iban: DE89370400440532013000!", "some iban: 8A1248B6F40D38FBC59ADE6AD0DF69C7BB9C936A!"],
    ["@iban", "spaced DE89 3704 0044 0532 0130 00 EUR", "spaced [iban] EUR"],
    ["@iban", "invalid DE89370400440532013001", "invalid DE89370400440532013001"],
    ["@iban", "fooNO9386011117947bar", "fooNO9386011117947bar"],
    ["@creditcard", "card 4111111111111111 ok", "card [creditcard] ok"],
    ["@creditcard", "5555-5555-5555-4444", "[creditcard]"],
    ["@creditcard", "amex 3782 822463 10005", "amex [creditcard]"],
    ["@creditcard", "typo 4111111111111112", "typo 4111111111111112"],
    ["@creditcard:mask", "4111 1111 1111 1111", "*******************"],
    ["@creditcard:filter", "x4111111111111111y", "x[Filtered]y"],
    [
      "@pemkey",
      "-----BEGIN PRIVATE KEY-----\nMIIJRAIBADANBg\nmLpO+i8uFqAa\n-----END PRIVATE KEY-----",
      "-----BEGIN PRIVATE KEY-----\n[pemkey]\n-----END PRIVATE KEY-----",
    ],
    [
      "@pemkey",
      "-----BEGIN RSA PRIVATE KEY-----\n+wn9Iu+zgam\n-----END RSA PRIVATE KEY-----",
      "-----BEGIN RSA PRIVATE KEY-----\n[pemkey]\n-----END RSA PRIVATE KEY-----",
    ],
    ["@urlauth", "https://username:password@example.com/", "https://[auth]@example.com/"],
    [
      "@urlauth:legacy",
      "postgres://app:s3cr3t!@db.internal:5432/main",
      "postgres://app:[Filtered]@db.internal:5432/main",
    ],
    ["@usssn", "ssn 078-05-1120 here", "ssn *********** here"],
    ["@usssn:replace", "ssn 078-05-1120 here", "ssn [us-ssn] here"],
    ["@userpath", "C:\\Users\\jane\\AppData\\app.exe", "C:\\Users\\[user]\\AppData\\app.exe"],
    ["@userpath", "/home/jane/project/index.js", "/home/[user]/project/index.js"],
    ["@userpath", "/Users/jane/Library", "/Users/[user]/Library"],
    ["@bearer", "Authorization: Bearer eyJhbGciOi.xyz", "Authorization: Bearer [Filtered]"],
    ["@anything", "whatever it is", "[Filtered]"],
    ["@anything:mask", "abc", "***"],
    ["@anything:hash", "127.0.0.1", "AE12FE3B5F129B5CC4CDD2B136B7B7947C4D2741"],
  ])("%s: %j → %j", (id, input, output) => {
    expect(apply(id, input)).toBe(output);
  });

  it("removes whole values with @anything:remove and @password on a password key", () => {
    expect(apply("@anything:remove", "x")).toBe(REMOVED);
    expect(apply("@password", "hunter2", "password")).toBe(REMOVED);
  });

  it.each([
    ["password", "hunter2", "[Filtered]"],
    ["db_passwd", "x", "[Filtered]"],
    ["api_key", "k", "[Filtered]"],
    ["x-api-key", "k", "[Filtered]"],
    ["authorization", "Basic dXNlcjpwYXNz", "[Filtered]"],
    ["mysql_pwd", "x", "[Filtered]"],
    ["access_token", "x", "[Filtered]"],
    ["sessionid", "x", "[Filtered]"],
    ["phpsessid", "x", "[Filtered]"],
    ["csrftoken", "x", "[Filtered]"],
    ["otp", "123456", "[Filtered]"],
    ["two-factor", "123456", "[Filtered]"],
    ["motpx", "123456", "123456"],
    ["username", "jane", "jane"],
    [undefined, "my password is hunter2", "[Filtered]"],
    [undefined, "token=abc123", "[Filtered]"],
    [undefined, "the tokens are here", "the tokens are here"],
    [undefined, "Bearer abc.def", "Bearer [Filtered]"],
  ])("@password:filter at key %j: %j → %j", (key, input, output) => {
    expect(apply("@password:filter", input, key)).toBe(output);
  });

  it("redacts non-strings whole: numbers and containers become text, remove deletes", () => {
    expect(apply("@password:filter", 1234, "pin_password")).toBe("[Filtered]");
    expect(apply("@password:filter", { user: "a", pass: "b" }, "credentials")).toBe("[Filtered]");
    expect(apply("@anything:mask", 1234)).toBe("****");
    expect(apply("@creditcard", 4111111111111111)).toBe("[creditcard]");
    expect(apply("@creditcard", 42)).toBe(42);
  });

  it("leaves inert strings and booleans alone", () => {
    for (const v of ["", "null", "true", "undefined", true, null])
      expect(apply("@password:filter", v, "password")).toBe(v);
  });

  it("knows no rule outside the built-in table", () => {
    for (const id of ["@nope", "@ip:explode", "ip", "@toString", "@constructor:replace"])
      expect(builtinRule(id)).toBeUndefined();
  });

  it("expands @common and @common:filter", () => {
    expect(apply("@common:filter", "card 4111111111111111 from 10.0.0.1")).toBe("card [Filtered] from 10.0.0.1");
    expect(apply("@common", "mail me@example.com from 10.0.0.1")).toBe("mail [email] from [ip]");
  });
});
