import { describe, expect, it } from "vitest";
import { authFromDsn, extractRequestAuth } from "./extract.ts";

const KEY = "0123456789abcdef0123456789abcdef";
const OTHER = "fedcba9876543210fedcba9876543210";

function extract(headers: Record<string, string>, query = "") {
  return extractRequestAuth(new Headers(headers), new URLSearchParams(query));
}

describe("extractRequestAuth", () => {
  it("reads X-Sentry-Auth", () => {
    expect(extract({ "x-sentry-auth": `Sentry sentry_key=${KEY}, sentry_version=7, sentry_client=sdk/1.0` })).toEqual({
      ok: true,
      value: { publicKey: KEY, source: "x-sentry-auth", client: "sdk/1.0" },
    });
  });

  it("reads Authorization: Sentry and ignores other schemes", () => {
    expect(extract({ authorization: `Sentry sentry_key=${KEY}, sentry_version=7` })).toEqual({
      ok: true,
      value: { publicKey: KEY, source: "authorization" },
    });
    expect(extract({ authorization: "Bearer abc" })).toEqual({ ok: true, value: undefined });
  });

  it("reads the query string as @sentry/node sends it", () => {
    const query = `sentry_key=${KEY}&sentry_version=7&sentry_client=sentry.javascript.node%2F11.12.0`;
    expect(extract({}, query)).toEqual({
      ok: true,
      value: { publicKey: KEY, source: "query", client: "sentry.javascript.node/11.12.0" },
    });
  });

  it("returns undefined when nothing is presented", () => {
    expect(extract({}, "foo=bar")).toEqual({ ok: true, value: undefined });
  });

  it("accepts the same key in several places", () => {
    const result = extract({ "x-sentry-auth": `Sentry sentry_key=${KEY}` }, `sentry_key=${KEY}`);
    expect(result).toEqual({ ok: true, value: { publicKey: KEY, source: "x-sentry-auth" } });
  });

  it("refuses different keys in different places", () => {
    expect(extract({ "x-sentry-auth": `Sentry sentry_key=${KEY}` }, `sentry_key=${OTHER}`)).toEqual({
      ok: false,
      error: { code: "multiple", sources: ["x-sentry-auth", "query"] },
    });
    expect(
      extract({ "x-sentry-auth": `Sentry sentry_key=${KEY}`, authorization: `Sentry sentry_key=${OTHER}` }),
    ).toEqual({
      ok: false,
      error: { code: "multiple", sources: ["x-sentry-auth", "authorization"] },
    });
  });

  it.each([
    ["no key", { "x-sentry-auth": "Sentry sentry_version=7" }, ""],
    ["garbage header", { "x-sentry-auth": "Sentry nonsense" }, ""],
    ["empty query key", {}, "sentry_key="],
    ["key with a comma", { "x-sentry-auth": 'Sentry sentry_key="a,b"' }, ""],
    ["key with spaces", {}, "sentry_key=a%20b"],
  ])("refuses %s as malformed", (_name, headers, query) => {
    const result = extract(headers, query);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("malformed");
  });
});

describe("authFromDsn", () => {
  it("reads the public key of a DSN", () => {
    expect(authFromDsn(`https://${KEY}@o1.ingest.example.com/42`)).toEqual({
      ok: true,
      value: { publicKey: KEY, source: "dsn" },
    });
  });

  it.each([["not a url"], ["https://o1.example.com/42"], [`https://${KEY}@example.com/`]])("refuses %s", (dsn) => {
    const result = authFromDsn(dsn);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: "malformed", source: "dsn" });
  });
});
