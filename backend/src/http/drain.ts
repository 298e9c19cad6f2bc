/**
 * @module
 * Graceful drain for the HTTP service. `server.close()` only stops accepting new connections: a
 * keep-alive connection that keeps carrying requests (the edge's group-commit batches arrive back to
 * back) is never idle, so close() would wait until the shutdown deadline and the process would exit 1
 * with requests in flight. While draining, every response says `Connection: close`, so Node closes
 * each socket right after the response it is writing, and close() resolves once those are answered.
 */

/** A fetch handler as `@hono/node-server` takes it. */
type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

/** Wraps `fetch`: once `draining()` is true, responses carry `Connection: close`. */
export function closeConnectionsWhenDraining<F extends Fetch>(fetch: F, draining: () => boolean): F {
  const wrapped = async (request: Request, ...rest: never[]) => {
    const res = await fetch(request, ...rest);
    if (!draining()) return res;
    // A copy: a Response's headers may be immutable (e.g. one passed through from fetch()).
    const headers = new Headers(res.headers);
    headers.set("Connection", "close");
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
  return wrapped as F;
}
