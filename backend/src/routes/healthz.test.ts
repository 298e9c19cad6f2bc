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

  const down = async () => {
    throw new Error("down");
  };

  it("answers 503 and names the failing dependency when the event store is down in write-through mode", async () => {
    const broken = createApp({
      ...h.services,
      adapters: { ...h.services.adapters, eventLog: "direct" },
      health: { ...h.services.health, eventStore: down },
    });
    const res = await broken.request("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "unavailable",
      dependencies: { eventStore: "error", metaStore: "ok", eventLog: "ok" },
    });
  });

  it("stays 200 (degraded) with ClickHouse down behind Kafka: ingest still appends to the log", async () => {
    const degraded = createApp({
      ...h.services,
      adapters: { ...h.services.adapters, eventLog: "kafka" },
      health: { ...h.services.health, eventStore: down },
    });
    const res = await degraded.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "degraded", dependencies: { eventStore: "error" } });
  });

  it.each(["eventLog", "metaStore"] as const)("answers 503 when %s is down, in any mode", async (dep) => {
    for (const eventLog of ["kafka", "direct"] as const) {
      const broken = createApp({
        ...h.services,
        adapters: { ...h.services.adapters, eventLog },
        health: { ...h.services.health, [dep]: down },
      });
      const res = await broken.request("/healthz");
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "unavailable", dependencies: { [dep]: "error" } });
    }
  });

  it("answers unknown paths with a JSON 404", async () => {
    const res = await h.app.request("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ detail: expect.any(String) });
  });
});
