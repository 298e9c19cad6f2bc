/**
 * @module
 * `GET /_debug/quota?scope=key:3&scope=project:1`: quota diagnostics for benchmarks (DESIGN 6 asks
 * for "DO calls per accepted event"). Answers the isolate's lease-cache counter (DO calls this
 * isolate made) and, per requested scope, the QuotaDO's own `state()` (counters, open leases,
 * `acquireCalls` since the object was loaded).
 *
 * Off unless the var `BREAKWATER_DEBUG_ENDPOINTS` is `"1"`: then it is a 404 like any unknown path.
 * Even when on, the request must carry `X-Breakwater-Signature` made with `INTERNAL_SECRET` over the
 * path and query (`signRequest(secret, "/_debug/quota?scope=key:3")`), so only holders of the
 * backend's secret can read counters.
 */
import { SIGNATURE_HEADER, verifySignature } from "@breakwater/core/signature";
import { BreakwaterApiError } from "../pkg/errors/http.ts";
import type { App } from "../pkg/hono/app.ts";
import { isolateLeases } from "../pkg/quota/client.ts";
import { type QuotaState, QuotaStateSchema } from "../pkg/quota/messages.ts";

/** The answer. */
export type DebugQuotaResponse = {
  /** DO `acquire` calls made by this isolate's lease cache, over all scopes. */
  isolate: { acquireCalls: number };
  /** `state()` of each requested QuotaDO. */
  scopes: Record<string, QuotaState>;
};

const SCOPE_PATTERN = /^(organization|project|key):\d{1,18}$/;
const MAX_SCOPES = 20;

/** Registers the route (it refuses itself unless enabled). */
export function registerDebugQuota(app: App): void {
  app.get("/_debug/quota", async (c) => {
    if (c.env.BREAKWATER_DEBUG_ENDPOINTS !== "1")
      throw new BreakwaterApiError({ code: "NOT_FOUND", detail: "not found" });
    const url = new URL(c.req.url);
    const signed = verifySignature(c.env.INTERNAL_SECRET, c.req.header(SIGNATURE_HEADER), url.pathname + url.search);
    if (!signed.ok) {
      throw new BreakwaterApiError({ code: "UNAUTHORIZED", detail: `signature ${signed.error.code}` });
    }
    const scopes = c.req.queries("scope") ?? [];
    if (scopes.length > MAX_SCOPES || scopes.some((s) => !SCOPE_PATTERN.test(s))) {
      throw new BreakwaterApiError({
        code: "BAD_REQUEST",
        detail: `scope must be organization|project|key:<id>, at most ${MAX_SCOPES}`,
      });
    }
    const namespace = c.env.QUOTA;
    const states = await Promise.all(
      scopes.map(async (scope) => {
        const stub = namespace.get(namespace.idFromName(scope));
        return [scope, QuotaStateSchema.parse(await stub.state())] as const;
      }),
    );
    const body: DebugQuotaResponse = {
      isolate: { acquireCalls: isolateLeases(namespace).acquireCalls },
      scopes: Object.fromEntries(states),
    };
    return c.json(body);
  });
}
