/**
 * @module
 * The Hono app with its cross-cutting middleware (request id, CORS, services) and error handling;
 * routes register themselves on it.
 */
import { Hono, type Context as HonoContext } from "hono";
import { requestId } from "hono/request-id";
import { handleError, handleNotFound } from "../errors/handler.ts";
import { sentryCors } from "../middleware/cors.ts";
import { type InitOptions, init } from "../middleware/init.ts";
import type { HonoEnv } from "./env.ts";

/** The edge app type. */
export type App = Hono<HonoEnv>;
/** The context handlers receive. */
export type Context = HonoContext<HonoEnv>;

/**
 * Creates the app without routes.
 * @param opts what the services middleware needs (config cache, limits, fetch for the backend)
 */
export function newApp(opts: InitOptions): App {
  const app = new Hono<HonoEnv>();
  // Cloudflare's ray id ties our logs to Cloudflare's; elsewhere a random id.
  app.use("*", requestId({ generator: (c) => c.req.header("cf-ray") ?? crypto.randomUUID() }));
  app.use("/api/*", sentryCors());
  app.use("*", init(opts));
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}
