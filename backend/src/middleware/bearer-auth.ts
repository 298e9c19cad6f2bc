/**
 * @module
 * Guards `/api/0/*`: `Authorization: Bearer <token>` must name an API token; its organization
 * becomes the request's principal, and every handler scopes its reads to it.
 */
import { createMiddleware } from "hono/factory";
import { findTokenPrincipal } from "../db/queries/api-tokens.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";

/** 401 (Sentry's wording) without a token or with an unknown one. */
export const bearerAuth = createMiddleware<HonoEnv>(async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new ApiError({ code: "UNAUTHORIZED", detail: "Authentication credentials were not provided." });
  }
  const principal = await findTokenPrincipal(c.var.services.db, match[1]);
  if (!principal) throw new ApiError({ code: "UNAUTHORIZED", detail: "Invalid token" });
  c.set("principal", principal);
  await next();
});
