import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ibanValid, luhnValid } from "./checksums.ts";

describe("luhnValid", () => {
  it.each([
    ["4111111111111111", true], // Visa test card
    ["5555555555554444", true], // Mastercard
    ["378282246310005", true], // Amex
    ["6011111111111117", true], // Discover
    ["2223003122003222", true], // Mastercard 2-series
    ["4111111111111112", false],
    ["1234567812345678", false],
    ["", false],
    ["4111 1111", false],
  ])("%s → %s", (digits, expected) => {
    expect(luhnValid(digits)).toBe(expected);
  });

  it("catches every single-digit typo", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const card = "4111111111111111";
        const typo = card.slice(0, pos) + String((Number(card[pos]) + delta) % 10) + card.slice(pos + 1);
        expect(luhnValid(typo)).toBe(false);
      }),
    );
  });
});

describe("ibanValid", () => {
  it.each([
    ["DE89370400440532013000", true],
    ["GB82WEST12345698765432", true],
    ["NO9386011117947", true], // shortest (15)
    ["NO9386011117945", false], // Relay's test "IBAN", which fails the checksum
    ["RU0204452560040702810412345678901", true],
    ["FR1420041010050500013M02606", true],
    ["DE89370400440532013001", false], // checksum
    ["NO938601111794", false], // too short
    ["XX89370400440532013000", false], // no such country
    ["de89370400440532013000", false], // compact upper-case only
  ])("%s → %s", (iban, expected) => {
    expect(ibanValid(iban)).toBe(expected);
  });
});
