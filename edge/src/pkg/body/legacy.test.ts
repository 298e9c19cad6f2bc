import { describe, expect, it } from "vitest";
import { compress } from "../../testutil/envelopes.ts";
import { decodeLegacyStoreBody, startsWithJsonObject } from "./legacy.ts";

const encoder = new TextEncoder();
const json = encoder.encode('{"message":"from raven","extra":{"n":1}}');
function base64(bytes: Uint8Array): Uint8Array {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return encoder.encode(btoa(binary));
}
const MiB = 1024 * 1024;

describe("decodeLegacyStoreBody", () => {
  it("passes JSON through, leading whitespace included", async () => {
    expect(await decodeLegacyStoreBody(json, MiB)).toEqual({ ok: true, value: json });
    const padded = encoder.encode(` \n${new TextDecoder().decode(json)}`);
    expect(await decodeLegacyStoreBody(padded, MiB)).toEqual({ ok: true, value: padded });
  });

  it("decodes base64 of JSON", async () => {
    expect(await decodeLegacyStoreBody(base64(json), MiB)).toEqual({ ok: true, value: json });
  });

  it.each(["deflate", "deflate-raw"] as const)("decodes base64 of %s JSON", async (format) => {
    const body = base64(await compress(json, format));
    expect(await decodeLegacyStoreBody(body, MiB)).toEqual({ ok: true, value: json });
  });

  it("accepts base64 wrapped over lines and without padding", async () => {
    const text = new TextDecoder().decode(base64(await compress(json, "deflate"))).replace(/=+$/, "");
    const wrapped = encoder.encode(text.replace(/(.{20})/g, "$1\n"));
    expect(await decodeLegacyStoreBody(wrapped, MiB)).toEqual({ ok: true, value: json });
  });

  it("refuses a body that is neither JSON nor base64", async () => {
    const result = await decodeLegacyStoreBody(encoder.encode("<xml/>"), MiB);
    expect(result.ok || result.error.code).toBe("invalid_base64");
  });

  it("reports base64 of something that is not zlib as corrupt", async () => {
    const result = await decodeLegacyStoreBody(base64(encoder.encode("not json, not zlib")), MiB);
    expect(result.ok || result.error.code).toBe("corrupt");
  });

  it("passes other JSON values through, for the caller's 'not an object' error", async () => {
    for (const text of ["null", "[1,2]", '"x"']) {
      const body = encoder.encode(text);
      expect(await decodeLegacyStoreBody(body, MiB)).toEqual({ ok: true, value: body });
    }
  });

  it("stops inflating at the cap", async () => {
    const big = encoder.encode(`{"extra":"${"x".repeat(2 * MiB)}"}`);
    const result = await decodeLegacyStoreBody(base64(await compress(big, "deflate")), MiB);
    expect(result).toEqual({ ok: false, error: { code: "too_large", limit: MiB } });
    const plain = await decodeLegacyStoreBody(base64(big.subarray(0, MiB + 10)), MiB);
    expect(plain).toEqual({ ok: false, error: { code: "too_large", limit: MiB } });
  });
});

describe("startsWithJsonObject", () => {
  it.each([
    ["{}", true],
    [" \t\r\n{", true],
    ["eJyr", false],
    ["", false],
    ["[{}]", false],
  ])("%j → %s", (text, expected) => {
    expect(startsWithJsonObject(encoder.encode(text))).toBe(expected);
  });
});
