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

  it("refuses server mode until it exists", async () => {
    const result = await loadConfig({
      BREAKWATER_DATA_DIR: dir,
      CLICKHOUSE_URL: "http://ch:8123",
      KAFKA_BROKERS: "k:9092",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("server_mode_unavailable");
    expect(result.error.message).toContain("CLICKHOUSE_URL, KAFKA_BROKERS");
    expect(result.error.message).toContain("not built yet");
  });

  it("reports invalid values by name", async () => {
    const result = await loadConfig({ BREAKWATER_DATA_DIR: dir, PORT: "http", BREAKWATER_BOOTSTRAP_PUBLIC_KEY: "XYZ" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain("PORT");
    expect(result.error.message).toContain("BREAKWATER_BOOTSTRAP_PUBLIC_KEY");
  });
});
