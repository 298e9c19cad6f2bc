import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAuthHeader, parseAuthHeader, parseAuthQuery, type SentryAuth } from "./auth.ts";

describe("parseAuthHeader", () => {
  const cases: Array<[string, string, Partial<SentryAuth>]> = [
    [
      "X-Sentry-Auth from a Python SDK",
      "Sentry sentry_key=abc123, sentry_version=7, sentry_client=sentry.python/2.0.0",
      { sentry_key: "abc123", sentry_version: "7", sentry_client: "sentry.python/2.0.0" },
    ],
    [
      "lower-case prefix and no spaces",
      "sentry sentry_key=k,sentry_version=7",
      { sentry_key: "k", sentry_version: "7" },
    ],
    ["no prefix (old SDKs)", "sentry_key=k, sentry_secret=s", { sentry_key: "k", sentry_secret: "s" }],
    ["quoted values", 'Sentry sentry_key="k", sentry_client="a b"', { sentry_key: "k", sentry_client: "a b" }],
    ["bare key names", "Sentry key=k, version=7", { sentry_key: "k", sentry_version: "7" }],
    ["trailing comma", "Sentry sentry_key=k,", { sentry_key: "k" }],
  ];
  for (const [name, header, expected] of cases) {
    it(name, () => {
      const r = parseAuthHeader(header);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value).toMatchObject(expected);
    });
  }

  it("rejects a header without a key", () => {
    const r = parseAuthHeader("Sentry sentry_version=7");
    expect(r.ok ? "ok" : r.error.code).toBe("missing_key");
  });

  it("rejects garbage", () => {
    const r = parseAuthHeader("Bearer abc");
    expect(r.ok ? "ok" : r.error.code).toBe("malformed");
  });

  it("round-trips formatAuthHeader", () => {
    const token = fc.stringMatching(/^[A-Za-z0-9./_-]{1,40}$/);
    fc.assert(
      fc.property(
        fc.record(
          { sentry_key: token, sentry_version: token, sentry_client: token, sentry_secret: token },
          { requiredKeys: ["sentry_key"] },
        ),
        (auth) => {
          const r = parseAuthHeader(formatAuthHeader(auth));
          expect(r.ok && r.value).toEqual(auth);
        },
      ),
    );
  });
});

describe("parseAuthQuery", () => {
  it("reads what @sentry/node 11 sends", () => {
    const r = parseAuthQuery(
      new URLSearchParams("sentry_key=pk&sentry_version=7&sentry_client=sentry.javascript.node%2F11.12.0"),
    );
    expect(r?.ok && r.value).toEqual({
      sentry_key: "pk",
      sentry_version: "7",
      sentry_client: "sentry.javascript.node/11.12.0",
    });
  });

  it("is undefined when the query has no key", () => {
    expect(parseAuthQuery(new URLSearchParams("sentry_version=7"))).toBeUndefined();
  });

  it("rejects an empty key", () => {
    const r = parseAuthQuery(new URLSearchParams("sentry_key="));
    expect(r?.ok).toBe(false);
  });
});
