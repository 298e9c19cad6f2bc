/**
 * @module
 * The client address a request stands for, for the login rate limit. Behind the dashboard (or a
 * reverse proxy on the same host) the TCP peer is the proxy, so `X-Forwarded-For` (its first entry)
 * is trusted from loopback peers only; any other peer is the client itself.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "../hono/env.ts";

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** The client's address, `""` when unknown. */
export function clientIp(c: Context): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    // Not served by @hono/node-server (app.request() in tests): there is no peer, as on loopback.
  }
  if (peer && !LOOPBACK.test(peer)) return peer;
  const forwarded = c.req.header("X-Forwarded-For")?.split(",")[0]?.trim();
  return forwarded || peer || "";
}
