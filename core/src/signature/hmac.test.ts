import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signRequest, verifySignature } from "./hmac.ts";

const NOW = 1_800_000_000;

describe("request signatures", () => {
  it("matches a known HMAC-SHA256 vector", () => {
    // printf '%s' '1800000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signRequest("secret", '{"a":1}', NOW)).toBe(
      "t=1800000000, v1=440dfbb83aabca24d9e5027629cfd81cb45254690f8d410bb28f1cc17c990dbc",
    );
  });

  it("verifies what it signs, for any body", () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array(), (secret, body) => {
        const r = verifySignature(secret, signRequest(secret, body, NOW), body, NOW);
        expect(r.ok).toBe(true);
      }),
    );
  });

  it("rejects a changed body, a wrong secret, a stale or future timestamp, and garbage", () => {
    const header = signRequest("s1", "body", NOW);
    expect(verifySignature("s1", header, "body!", NOW)).toMatchObject({ ok: false, error: { code: "mismatch" } });
    expect(verifySignature("s2", header, "body", NOW)).toMatchObject({ ok: false, error: { code: "mismatch" } });
    expect(verifySignature("s1", header, "body", NOW + 301)).toMatchObject({ ok: false, error: { code: "stale" } });
    expect(verifySignature("s1", header, "body", NOW - 301)).toMatchObject({ ok: false, error: { code: "stale" } });
    expect(verifySignature("s1", header, "body", NOW + 300).ok).toBe(true);
    expect(verifySignature("s1", undefined, "body", NOW)).toMatchObject({ ok: false, error: { code: "missing" } });
    expect(verifySignature("s1", "t=1, v1=zz", "body", NOW)).toMatchObject({ ok: false, error: { code: "malformed" } });
  });
});
