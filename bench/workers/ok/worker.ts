/**
 * @module
 * Reference ceiling 1 (DESIGN 6): a minimal Hono Worker that answers every envelope 200 without
 * reading it. What `workerd serve` and Hono's routing cost per request on this machine: the platform
 * ceiling.
 */
import { Hono } from "hono";

const app = new Hono();

app.post("/api/:projectId/envelope/", (c) => c.json({ id: "00000000000000000000000000000000" }));
app.get("/healthz", (c) => c.json({ status: "ok" }));

export default app;
