/**
 * @module
 * The app's one Hono env type (STYLE c): what middleware puts on the context.
 */
import type { Context as HonoContext } from "hono";
import type { Principal } from "../db/queries/principal.ts";
import type { Services } from "../services.ts";

/** Variables set by middleware. */
export interface HonoVariables {
  services: Services;
  requestId: string;
  /** Set by `bearerAuth` on `/api/0/*`. */
  principal: Principal;
  /** Set by `internalSignature`: the exact request bytes the signature covered. */
  rawBody: Uint8Array;
}

/** The Hono env of the backend app. */
export interface HonoEnv {
  Variables: HonoVariables;
}

/** The request context handlers receive. */
export type Context = HonoContext<HonoEnv>;
