/**
 * @module
 * The user interface's IP address: `{{auto}}` asks the server to fill in the client's address
 * (browser SDKs with `sendDefaultPii`), and anything else must be an IP address.
 */
import { z } from "zod";
import type { User } from "../schema/index.ts";
import type { Remarks } from "./remarks.ts";
import { isObject, type JsonObject } from "./values.ts";

/** The placeholder SDKs send to ask for the client's IP. */
export const AUTO_IP = "{{auto}}";

const IpSchema = z.union([z.ipv4(), z.ipv6()]);

/**
 * Resolves `{{auto}}` and validates `user.ip_address`. Returns a new user; an invalid address is dropped
 * with an `invalid_data` remark named `user.ip_address`.
 * @param clientIp the address the request came from; `{{auto}}` is removed when unknown
 */
export function normalizeUserIp(user: User, clientIp: string | undefined, remarks: Remarks): User {
  const { ip_address: ip, ...rest } = user;
  if (ip === undefined) return user;
  const resolved = ip === AUTO_IP ? clientIp : ip;
  if (resolved === undefined) return rest;
  if (!IpSchema.safeParse(resolved).success) {
    remarks.invalidData("user.ip_address", ip);
    return rest;
  }
  return { ...rest, ip_address: resolved };
}

/** Resolves `{{auto}}` in `request.env.REMOTE_ADDR`, which Relay also honours. */
export function resolveRemoteAddr(request: JsonObject, clientIp: string | undefined): JsonObject {
  const env = request.env;
  if (!isObject(env) || env.REMOTE_ADDR !== AUTO_IP) return request;
  const { REMOTE_ADDR: _auto, ...rest } = env;
  return { ...request, env: clientIp === undefined ? rest : { ...rest, REMOTE_ADDR: clientIp } };
}
