import { describe, expect, it } from "vitest";
import { openToken, sealToken } from "./token-box.server.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);

describe("sealed backend token", () => {
  it("round-trips, differs every time, and survives secret rotation", () => {
    const one = sealToken("bws_123", [A]);
    expect(one).not.toContain("bws_123");
    expect(sealToken("bws_123", [A])).not.toBe(one);
    expect(openToken(one, [A])).toBe("bws_123");
    expect(openToken(one, [B, A])).toBe("bws_123");
  });

  it("opens nothing with another secret or after tampering", () => {
    const sealed = sealToken("bws_123", [A]);
    expect(openToken(sealed, [B])).toBeNull();
    const raw = Buffer.from(sealed, "base64url");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(openToken(raw.toString("base64url"), [A])).toBeNull();
    expect(openToken("short", [A])).toBeNull();
  });
});
