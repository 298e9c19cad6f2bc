import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { networkContains, parseIp, parseNetwork } from "./ip-network.ts";

describe("parseIp", () => {
  it.each([
    ["127.0.0.1", [127, 0, 0, 1]],
    ["0.0.0.0", [0, 0, 0, 0]],
    ["255.255.255.255", [255, 255, 255, 255]],
    ["::ffff:192.0.2.1", [192, 0, 2, 1]],
  ])("parses IPv4 %s", (s, bytes) => {
    expect([...parseIp(s)!]).toEqual(bytes);
  });

  it.each([
    ["::1", "00000000000000000000000000000001"],
    ["::", "00000000000000000000000000000000"],
    ["2001:db8::8a2e:370:7334", "20010db80000000000008a2e03707334"],
    ["2001:0db8:0000:0000:0000:ff00:0042:8329", "20010db8000000000000ff0000428329"],
    ["fe80::1:2", "fe800000000000000000000000010002"],
    ["1::", "00010000000000000000000000000000"],
    ["64:ff9b::192.0.2.33", "0064ff9b0000000000000000c0000221"],
  ])("parses IPv6 %s", (s, hex) => {
    const bytes = parseIp(s)!;
    expect([...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")).toBe(hex);
  });

  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.x",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "12345::1",
    ":1",
    "1:2:3:4:5:6:7::8:9",
    "[::1]",
    "fe80::1%eth0",
    "localhost",
  ])("rejects %j", (s) => {
    expect(parseIp(s)).toBeUndefined();
  });

  it("round-trips every generated address", () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect([...parseIp(ip)!].join(".")).toBe(ip);
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        expect(parseIp(ip)).toBeDefined();
      }),
    );
  });
});

describe("networks", () => {
  const contains = (net: string, ip: string) => networkContains(parseNetwork(net)!, parseIp(ip)!);
  it.each([
    ["122.33.230.0/30", "122.33.230.1", true],
    ["122.33.230.0/30", "122.33.230.2", true],
    ["122.33.230.0/30", "122.33.230.4", false],
    ["122.33.230.4/30", "122.33.230.5", true],
    ["10.0.0.0/8", "10.255.1.2", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["0.0.0.0/0", "203.0.113.9", true],
    ["127.0.0.1", "127.0.0.1", true],
    ["127.0.0.1", "127.0.0.2", false],
    ["a:b:c::0/126", "a:b:c::1", true],
    ["a:b:c::4/126", "a:b:c::5", true],
    ["a:b:c::0/126", "a:b:c::4", false],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["10.0.0.0/8", "::ffff:10.1.1.1", true],
    ["::ffff:10.0.0.0/104", "10.1.1.1", true],
    ["::/0", "10.1.1.1", false],
  ])("%s contains %s: %s", (net, ip, expected) => {
    expect(contains(net, ip)).toBe(expected);
  });

  it.each(["lol/bar", "10.0.0.0/33", "::/129", "10.0.0.0/8/8", "10.0.0.0/", "/8"])("rejects %j", (s) => {
    expect(parseNetwork(s)).toBeUndefined();
  });
});
