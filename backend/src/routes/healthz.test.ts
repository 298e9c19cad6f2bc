import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("GET /healthz", () => {
  it("answers 200 with each dependency ok", async () => {
    const res = await h.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      dependencies: { eventStore: "ok", metaStore: "ok", eventLog: "ok" },
      adapters: {
        eventStore: process.env.CLICKHOUSE_URL ? "http" : "chdb",
        metaStore: process.env.DATABASE_URL ? "pg" : "pglite",
        eventLog: process.env.KAFKA_BROKERS ? "kafka" : "direct",
      },
    });
  });

  it("answers 503 and names the failing dependency", async () => {
    const broken = createApp({
      ...h.services,
      health: {
        ...h.services.health,
        eventStore: async () => {
          throw new Error("down");
        },
      },
    });
    const res = await broken.request("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "unavailable",
      dependencies: { eventStore: "error", metaStore: "ok", eventLog: "ok" },
    });
  });

  it("answers unknown paths with a JSON 404", async () => {
    const res = await h.app.request("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ detail: expect.any(String) });
  });
});
