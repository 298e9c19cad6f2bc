import { describe, expect, it } from "vitest";
import { err, ok } from "../result.ts";
import { shouldFilter } from "./client-ips.ts";
import { makeEvent } from "./test-events.ts";

// Relay's and Sentry's table (relay-filter client_ips.rs).
const CASES: [string, string[], boolean][] = [
  ["1.2.3.4", [], false],
  ["122.33.230.14", ["122.33.230.14"], true],
  ["122.33.230.14", ["112.133.110.33", "122.33.230.14"], true],
  ["aaaa:bbbb::cccc", ["aaaa:bbbb::cccc"], true],
  ["aaaa:bbbb::cccc", ["121.121.12.121", "aaaa:bbbb::cccc"], true],
  ["aaaa:bbbb::ccce", ["aaaa:bbbb::cccc"], false],
  ["122.33.230.1", ["122.33.230.0/30"], true],
  ["122.33.230.2", ["122.33.230.0/30"], true],
  ["122.33.230.4", ["122.33.230.0/30"], false],
  ["122.33.230.5", ["122.33.230.4/30"], true],
  ["a:b:c::1", ["a:b:c::0/126"], true],
  ["a:b:c::2", ["a:b:c::0/126"], true],
  ["a:b:c::4", ["a:b:c::0/126"], false],
  ["a:b:c::5", ["a:b:c::4/126"], true],
  ["127.0.0.1", ["0.0.0.0", "192.168.1.1", "10.0.0.0/8"], false],
  ["127.0.0.1", ["127.0.0.1"], true],
  ["127.0.0.1", ["0.0.0.0", "127.0.0.1", "192.168.1.1"], true],
  ["127.0.0.1", ["127.0.0.0/8"], true],
  ["127.0.0.1", ["0.0.0.0", "127.0.0.0/8", "192.168.1.0/8"], true],
  ["127.0.0.1", ["lol/bar"], false],
  ["not an ip", ["0.0.0.0/0"], false],
];

describe("client-ips filter", () => {
  it.each(CASES)("client %s with %j dropped=%s", (clientIp, blacklistedIps, dropped) => {
    expect(shouldFilter(makeEvent(), { blacklistedIps }, { clientIp })).toEqual(
      dropped ? err("ip-address") : ok(undefined),
    );
  });

  it("uses the request's client IP, not user.ip_address", () => {
    const event = makeEvent({ user: { ip_address: "10.0.0.1" } });
    expect(shouldFilter(event, { blacklistedIps: ["10.0.0.0/8"] }, {})).toEqual(ok(undefined));
    expect(shouldFilter(event, { blacklistedIps: ["10.0.0.0/8"] }, { clientIp: "192.0.2.1" })).toEqual(ok(undefined));
  });
});
