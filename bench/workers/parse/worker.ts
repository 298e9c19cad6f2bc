/**
 * @module
 * Reference ceiling 2 (DESIGN 6): a Hono Worker that reads the body (gunzipping it when the SDK
 * compressed it, as SDKs do), parses the envelope with core's parser and the event item as JSON, and
 * answers its id. The edge's full path (auth, project config, quotas, normalize, filters, PII,
 * forwarding) is measured as a fraction of this.
 */
import { parseEnvelope } from "@breakwater/core/protocol";
import { Hono } from "hono";

const app = new Hono();

async function body(req: Request): Promise<Uint8Array> {
  if (req.headers.get("content-encoding") !== "gzip" || req.body === null) {
    return new Uint8Array(await req.arrayBuffer());
  }
  return new Uint8Array(await new Response(req.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
}

app.post("/api/:projectId/envelope/", async (c) => {
  const parsed = parseEnvelope(await body(c.req.raw));
  if (!parsed.ok) return c.json({ detail: "invalid envelope" }, 400);
  let id = "";
  for (const item of parsed.value.items) {
    if (item.header.type !== "event") continue;
    const event = JSON.parse(new TextDecoder().decode(item.payload)) as { event_id?: string };
    id = event.event_id ?? crypto.randomUUID().replaceAll("-", "");
  }
  return c.json({ id });
});

app.get("/healthz", (c) => c.json({ status: "ok" }));

export default app;
