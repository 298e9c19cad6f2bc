/**
 * @module
 * Reference ceiling 2 (DESIGN 6): a Hono Worker that reads the body, parses the envelope with core's
 * parser and the event item as JSON, and answers its id. The edge's full path (auth, project config,
 * quotas, normalize, filters, PII, forwarding) is measured as a fraction of this.
 */
import { parseEnvelope } from "@breakwater/core/protocol";
import { Hono } from "hono";

const app = new Hono();

app.post("/api/:projectId/envelope/", async (c) => {
  const parsed = parseEnvelope(new Uint8Array(await c.req.arrayBuffer()));
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
