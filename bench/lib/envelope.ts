/**
 * @module
 * The benchmark payload (DESIGN 6: "a 5.6 KiB envelope with a 20-frame exception"): what @sentry/node
 * sends for an unhandled TypeError in an Express handler, with breadcrumbs, contexts, tags and a user.
 * No `event_id` anywhere, so the edge gives every request its own and the backend stores each one
 * (an id repeated across requests would be deduplicated and make the backend look faster).
 */

const FRAMES = 20;

function frame(i: number): Record<string, unknown> {
  const inApp = i >= FRAMES - 6;
  const file = inApp ? `/srv/app/src/orders/step-${i}.js` : `/srv/app/node_modules/express/lib/router/layer.js`;
  return {
    filename: file,
    module: inApp ? `orders:step-${i}` : "express.lib.router:layer",
    function: inApp ? `processOrderStep${i}` : i % 2 === 0 ? "Layer.handle [as handle_request]" : "next",
    lineno: 40 + i * 7,
    colno: 12 + (i % 9),
    in_app: inApp,
    ...(i === FRAMES - 1
      ? {
          pre_context: [
            "  const order = await loadOrder(req.params.id);",
            "  if (!order) return res.status(404).end();",
          ],
          context_line: "  const total = order.lines.reduce((sum, l) => sum + l.price * l.qty, 0);",
          post_context: ["  res.json({ id: order.id, total });", "}"],
        }
      : {}),
  };
}

/** The event payload, as @sentry/node 11 would serialize it. */
export function benchEvent(nowSeconds: number): Record<string, unknown> {
  return {
    timestamp: nowSeconds,
    platform: "node",
    level: "error",
    logger: "orders",
    server_name: "api-7f9c6d-2",
    release: "api@4.18.2",
    environment: "production",
    transaction: "GET /orders/:id",
    exception: {
      values: [
        {
          type: "TypeError",
          value: "Cannot read properties of undefined (reading 'reduce')",
          mechanism: { type: "onuncaughtexception", handled: false },
          stacktrace: { frames: Array.from({ length: FRAMES }, (_, i) => frame(i)) },
        },
      ],
    },
    breadcrumbs: {
      values: Array.from({ length: 6 }, (_, i) => ({
        timestamp: nowSeconds - 6 + i,
        category: i % 2 === 0 ? "http" : "console",
        level: "info",
        ...(i % 2 === 0
          ? {
              type: "http",
              data: { method: "GET", url: `https://inventory.internal/items/${1000 + i}`, status_code: 200 },
            }
          : { message: `cache miss for order ${4200 + i}` }),
      })),
    },
    request: {
      method: "GET",
      url: "https://api.example.com/orders/4242",
      headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64)", accept: "application/json" },
    },
    user: { id: "u-31337", email: "jane@example.com", ip_address: "{{auto}}" },
    tags: { region: "eu-west-1", shard: "7", feature_flag: "checkout-v2" },
    contexts: {
      os: { name: "Linux", version: "6.1.0" },
      runtime: { name: "node", version: "v22.12.0" },
      app: { app_start_time: "2026-01-01T00:00:00.000Z", app_memory: 183_500_800 },
      trace: { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", span_id: "00f067aa0ba902b7" },
    },
    sdk: {
      name: "sentry.javascript.node",
      version: "11.12.0",
      integrations: ["InboundFilters", "FunctionToString", "LinkedErrors", "Http", "Express", "OnUncaughtException"],
      packages: [{ name: "npm:@sentry/node", version: "11.12.0" }],
    },
  };
}

/** The whole envelope body: header, one event item with its length. */
export function benchEnvelope(nowSeconds = Date.now() / 1000): string {
  const payload = JSON.stringify(benchEvent(nowSeconds));
  const header = JSON.stringify({
    sent_at: new Date(nowSeconds * 1000).toISOString(),
    sdk: { name: "sentry.javascript.node", version: "11.12.0" },
  });
  return `${header}\n${JSON.stringify({ type: "event", length: Buffer.byteLength(payload) })}\n${payload}\n`;
}

/** An envelope with only a client report: authenticates (and warms the config cache) without using quota. */
export function warmupEnvelope(): string {
  const report = JSON.stringify({ timestamp: Date.now() / 1000, discarded_events: [] });
  return `{}\n{"type":"client_report"}\n${report}\n`;
}
