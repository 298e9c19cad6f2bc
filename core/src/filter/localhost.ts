/**
 * @module
 * The localhost filter (Relay's `localhost.rs`): drops events from a developer's own machine, seen as
 * a loopback user IP, a request URL on `localhost` / `127.0.0.1` (subdomains of localhost included)
 * or `file://`, a loopback `X-Forwarded-For`, or — when there is no URL — a local `Host` header.
 * The request's own client IP is deliberately not used: that is the client-IP filter's input.
 */
import { err, ok, type Result } from "../result.ts";
import type { Event } from "../schema/index.ts";
import type { FilterContext, FilterStatKey, FilterToggle } from "./config.ts";
import { getHeader } from "./event-fields.ts";

const LOCAL_IPS = new Set(["127.0.0.1", "::1"]);
const LOCAL_DOMAINS = ["127.0.0.1", "localhost", "[::1]"];

function isLocalHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOCAL_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

function urlIsLocal(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "file:" || isLocalHost(parsed.hostname);
  } catch {
    return false;
  }
}

/**
 * True when the event comes from the local machine.
 * @example
 * isLocalhostEvent(makeEvent({ request: { url: "http://localhost:3000/" } })) // true
 */
export function isLocalhostEvent(event: Event): boolean {
  const ip = event.user?.ip_address;
  if (ip !== undefined && LOCAL_IPS.has(ip)) return true;
  const url = event.request?.url;
  if (url !== undefined && urlIsLocal(url)) return true;
  const forwardedFor = getHeader(event, "x-forwarded-for");
  if (forwardedFor !== undefined && LOCAL_IPS.has(forwardedFor.trim())) return true;
  if (url === undefined) {
    for (const name of ["host", "x-forwarded-host"]) {
      const host = getHeader(event, name);
      // `localhost:3000` → `localhost`; an exact match only, so `localhost.sentry.io` is kept.
      const domain = host?.split(":")[0]?.toLowerCase();
      if (domain === "localhost" || domain === "127.0.0.1") return true;
    }
  }
  return false;
}

/**
 * Filters events from localhost when enabled.
 * @example
 * shouldFilter(event, { isEnabled: true }, {}) // err("localhost") for user.ip_address "127.0.0.1"
 */
export function shouldFilter(event: Event, config: FilterToggle, _ctx: FilterContext): Result<void, FilterStatKey> {
  if (config.isEnabled && isLocalhostEvent(event)) return err("localhost");
  return ok(undefined);
}
