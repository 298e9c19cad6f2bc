import { nobleHmacSha256Hex, signRequest, signRequestWith, verifySignature } from "@breakwater/core/signature";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nativeHmacSha256Hex } from "./native-hmac.ts";

describe("nativeHmacSha256Hex (workerd's node:crypto)", () => {
  it("matches a known HMAC-SHA256 vector", () => {
    // printf '%s' '1800000000.00112233445566778899aabbccddeeff.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(nativeHmacSha256Hex("secret", "1800000000.00112233445566778899aabbccddeeff.", '{"a":1}')).toBe(
      "92cb449c51b48a5f89b23596bfd48e1f4ba00b64e24dc9754a1af9d2db444e40",
    );
  });

  it("equals core's pure HMAC for any secret, prefix and body, bytes or text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }),
        fc.string(),
        fc.oneof(fc.uint8Array({ maxLength: 4096 }), fc.string({ unit: "grapheme", maxLength: 512 })),
        (secret, prefix, body) => {
          expect(nativeHmacSha256Hex(secret, prefix, body)).toBe(nobleHmacSha256Hex(secret, prefix, body));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the same header as signRequest, which the backend's verifier accepts", () => {
    const body = new TextEncoder().encode('{"kind":"event"}\n'.repeat(1000));
    const now = Math.floor(Date.now() / 1000);
    const nonce = "00112233445566778899aabbccddeeff";
    const header = signRequestWith(nativeHmacSha256Hex, "s3cret", body, now, nonce);
    expect(header).toBe(signRequest("s3cret", body, now, nonce));
    expect(verifySignature("s3cret", header, body, now).ok).toBe(true);
    expect(verifySignature("s3cret", signRequestWith(nativeHmacSha256Hex, "other", body), body).ok).toBe(false);
  });
});
