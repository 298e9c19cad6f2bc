import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { closeConnectionsWhenDraining } from "./drain.ts";

describe("closeConnectionsWhenDraining", () => {
  it("lets server.close() finish while a keep-alive client keeps sending", async () => {
    let draining = false;
    // A slow handler: when close() is called, a request is in flight, so the socket is not idle.
    const app = new Hono().get("/", async (c) => {
      await new Promise((r) => setTimeout(r, 30));
      return c.text("ok");
    });
    const server = serve({
      fetch: closeConnectionsWhenDraining(app.fetch, () => draining),
      port: 0,
      hostname: "127.0.0.1",
    });
    await new Promise<void>((r) => server.once("listening", () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // A client that never pauses: its connection is never idle.
    let stop = false;
    const connections: string[] = [];
    const client = (async () => {
      while (!stop) {
        const res = await fetch(url).catch(() => null);
        if (res) {
          connections.push(res.headers.get("connection") ?? "");
          await res.text();
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    draining = true;
    const started = Date.now();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const closedIn = Date.now() - started;
    stop = true;
    await client;
    expect(closedIn).toBeLessThan(2_000);
    expect(connections).toContain("close");
    expect(connections[0]).not.toBe("close");
  });
});
