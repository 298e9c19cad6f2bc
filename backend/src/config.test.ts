import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bw-config-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadConfig", () => {
  it("applies the documented defaults", async () => {
    const result = await loadConfig({ BREAKWATER_DATA_DIR: dir });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({
      port: 8788,
      host: "127.0.0.1",
      dataDir: dir,
      edgeUrl: "http://127.0.0.1:8787",
      dashboardUrl: "http://127.0.0.1:3000",
      logLevel: "info",
      bootstrap: {},
      internalSecretSource: "generated",
    });
  });

  it("generates the internal secret once, mode 0600, and reuses it", async () => {
    const first = await loadConfig({ BREAKWATER_DATA_DIR: dir });
    const file = path.join(dir, "internal-secret");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await loadConfig({ BREAKWATER_DATA_DIR: dir });
    if (!first.ok || !second.ok) throw new Error("config failed");
    expect(second.value.internalSecret).toBe(first.value.internalSecret);
    expect(second.value.internalSecretSource).toBe("file");
    expect((await readFile(file, "utf8")).trim()).toBe(first.value.internalSecret);
  });

  it("prefers BREAKWATER_INTERNAL_SECRET and treats empty strings as unset", async () => {
    const result = await loadConfig({
      BREAKWATER_DATA_DIR: dir,
      BREAKWATER_INTERNAL_SECRET: "s3cret",
      BREAKWATER_BOOTSTRAP_API_TOKEN: "",
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.internalSecret).toBe("s3cret");
    expect(result.value.bootstrap.apiToken).toBeUndefined();
  });

  it("selects embedded adapters when no server variable is set", async () => {
    const result = await loadConfig({ BREAKWATER_DATA_DIR: dir, CLICKHOUSE_URL: "", KAFKA_BROKERS: " " });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.stores).toEqual({
      eventStore: { kind: "chdb" },
      metaStore: { kind: "pglite" },
      eventLog: { kind: "direct" },
    });
    expect(result.value.consumer).toEqual({ batchSize: 10_000, batchMs: 1_000, port: undefined });
  });

  it("selects each server adapter by its own variable", async () => {
    const result = await loadConfig({
      BREAKWATER_DATA_DIR: dir,
      CLICKHOUSE_URL: "http://bw:s%3Acret@ch.internal:8123/events_db",
      KAFKA_BROKERS: "k1:9092, k2:9092",
      BREAKWATER_CONSUMER_BATCH_SIZE: "500",
      BREAKWATER_CONSUMER_BATCH_MS: "250",
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.stores).toEqual({
      eventStore: {
        kind: "http",
        url: "http://ch.internal:8123",
        database: "events_db",
        username: "bw",
        password: "s:cret",
      },
      metaStore: { kind: "pglite" },
      eventLog: {
        kind: "kafka",
        brokers: ["k1:9092", "k2:9092"],
        topic: "events",
        dlqTopic: "events-dlq",
        groupId: "breakwater-consumer",
        clientId: "breakwater",
        lingerMs: 5,
      },
    });
    expect(result.value.consumer).toMatchObject({ batchSize: 500, batchMs: 250 });

    const pgOnly = await loadConfig({ BREAKWATER_DATA_DIR: dir, DATABASE_URL: "postgres://u:p@db:5432/bw" });
    if (!pgOnly.ok) throw new Error(pgOnly.error.message);
    expect(pgOnly.value.stores).toEqual({
      eventStore: { kind: "chdb" },
      metaStore: { kind: "pg", url: "postgres://u:p@db:5432/bw" },
      eventLog: { kind: "direct" },
    });
  });

  it("defaults the ClickHouse database to `default` and refuses bad server values", async () => {
    const ok = await loadConfig({ BREAKWATER_DATA_DIR: dir, CLICKHOUSE_URL: "http://127.0.0.1:8123" });
    if (!ok.ok) throw new Error(ok.error.message);
    expect(ok.value.stores.eventStore).toMatchObject({ kind: "http", database: "default", username: "default" });
    for (const env of [
      { CLICKHOUSE_URL: "tcp://127.0.0.1:9000" },
      { CLICKHOUSE_URL: "http://127.0.0.1:8123/bad-name" },
      { DATABASE_URL: "mysql://x@y/z" },
      { KAFKA_BROKERS: "no-port" },
    ]) {
      const result = await loadConfig({ BREAKWATER_DATA_DIR: dir, ...env });
      expect(result.ok, JSON.stringify(env)).toBe(false);
      if (!result.ok) expect(result.error.message).toContain(Object.keys(env)[0]);
    }
  });

  it("reports invalid values by name", async () => {
    const result = await loadConfig({ BREAKWATER_DATA_DIR: dir, PORT: "http", BREAKWATER_BOOTSTRAP_PUBLIC_KEY: "XYZ" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain("PORT");
    expect(result.error.message).toContain("BREAKWATER_BOOTSTRAP_PUBLIC_KEY");
  });
});
