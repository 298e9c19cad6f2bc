import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signRequest, verifySignature } from "./hmac.ts";

const NOW = 1_800_000_000;
const NONCE = "00112233445566778899aabbccddeeff";

describe("request signatures", () => {
  it("matches a known HMAC-SHA256 vector", () => {
    // printf '%s' '1800000000.00112233445566778899aabbccddeeff.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signRequest("secret", '{"a":1}', NOW, NONCE)).toBe(
      `t=1800000000, n=${NONCE}, v1=92cb449c51b48a5f89b23596bfd48e1f4ba00b64e24dc9754a1af9d2db444e40`,
    );
  });

  it("signs the same body in the same second differently each time (random nonce)", () => {
    const a = signRequest("s", "body", NOW);
    const b = signRequest("s", "body", NOW);
    expect(a).not.toBe(b);
    expect(verifySignature("s", a, "body", NOW).ok).toBe(true);
    expect(verifySignature("s", b, "body", NOW).ok).toBe(true);
  });

  it("covers the nonce: changing or dropping it breaks the signature", () => {
    const header = signRequest("s", "body", NOW, NONCE);
    const otherNonce = header.replace(NONCE, "ffffffffffffffffffffffffffffffff");
    expect(verifySignature("s", otherNonce, "body", NOW)).toMatchObject({ ok: false, error: { code: "mismatch" } });
    const noNonce = header.replace(`n=${NONCE}, `, "");
    expect(verifySignature("s", noNonce, "body", NOW)).toMatchObject({ ok: false, error: { code: "malformed" } });
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
