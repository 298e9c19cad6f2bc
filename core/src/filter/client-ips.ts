/**
 * @module
 * The client-IP filter (Relay's `client_ips.rs`): drops everything sent from blacklisted addresses or
 * networks. The input is the request's client IP (the edge's `CF-Connecting-IP` or socket peer), not
 * `user.ip_address`, which the SDK controls.
 */
import { err, ok, type Result } from "../result.ts";
import type { Event } from "../schema/index.ts";
import type { ClientIpsConfig, FilterContext, FilterStatKey } from "./config.ts";
import { type IpNetwork, networkContains, parseIp, parseNetwork } from "./ip-network.ts";

const cache = new WeakMap<readonly string[], readonly IpNetwork[]>();

function networks(list: readonly string[]): readonly IpNetwork[] {
  let parsed = cache.get(list);
  if (!parsed) {
    parsed = list.map(parseNetwork).filter((n): n is IpNetwork => n !== undefined);
    cache.set(list, parsed);
  }
  return parsed;
}

/**
 * True when `clientIp` is in one of `blacklistedIps` (addresses or CIDRs; invalid entries ignored).
 * @example
 * isBlacklistedIp("2001:db8::7", ["2001:db8::/32"]) // true
 */
export function isBlacklistedIp(clientIp: string, blacklistedIps: readonly string[]): boolean {
  const ip = parseIp(clientIp.trim());
  return ip !== undefined && networks(blacklistedIps).some((n) => networkContains(n, ip));
}

/**
 * Filters events from blacklisted client IPs.
 * @example
 * shouldFilter(event, { blacklistedIps: ["10.0.0.0/8"] }, { clientIp: "10.1.2.3" }) // err("ip-address")
 */
export function shouldFilter(_event: Event, config: ClientIpsConfig, ctx: FilterContext): Result<void, FilterStatKey> {
  if (ctx.clientIp === undefined || config.blacklistedIps.length === 0) return ok(undefined);
  return isBlacklistedIp(ctx.clientIp, config.blacklistedIps) ? err("ip-address") : ok(undefined);
}
