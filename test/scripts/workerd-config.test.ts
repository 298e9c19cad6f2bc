/**
 * The workerd config generated from wrangler.toml (scripts/lib/workerd.ts), rendered without wrangler
 * or workerd: what carries over, what is left out, and how values are quoted.
 */
import { describe, expect, it } from "vitest";
import {
  edgeWorkerdOptions,
  type RenderInput,
  renderWorkerdConfig,
  type WranglerConfigSubset,
} from "../../scripts/lib/workerd.ts";

const EDGE: WranglerConfigSubset = {
  name: "breakwater-edge",
  main: "/repo/edge/src/worker.ts",
  compatibility_date: "2026-11-01",
  compatibility_flags: ["nodejs_compat"],
  vars: { BACKEND_URL: "http://127.0.0.1:8788", LIMITS: { maxEvents: 3 } },
  durable_objects: {
    bindings: [
      { name: "QUOTA", class_name: "QuotaDO" },
      { name: "OTHER", class_name: "X", script_name: "other" },
    ],
  },
  migrations: [{ new_sqlite_classes: ["QuotaDO"] }],
  queues: { producers: [{ binding: "EVENTS" }] },
  r2_buckets: [{ binding: "EVENT_BLOBS" }],
};

function render(
  config = EDGE,
  options: RenderInput["options"] = edgeWorkerdOptions({
    outDir: "/data/wd",
    port: 8787,
    backendUrl: "http://127.0.0.1:9999",
  }),
) {
  return renderWorkerdConfig({
    config,
    modules: ["worker.js"],
    configDir: "/data/wd",
    distDir: "/data/wd/dist",
    doDir: "/data/wd/do",
    source: "/repo/wrangler.toml",
    options,
  });
}

describe("renderWorkerdConfig", () => {
  it("carries over date, flags and vars, sets FORWARD_MODE=http and reads the secret from the environment", () => {
    const { text } = render();
    expect(text).toContain('compatibilityDate = "2026-11-01"');
    expect(text).toContain('compatibilityFlags = ["nodejs_compat"]');
    expect(text).toContain('(name = "BACKEND_URL", text = "http://127.0.0.1:9999")');
    expect(text).toContain('(name = "FORWARD_MODE", text = "http")');
    expect(text).toContain('(name = "LIMITS", json = "{\\"maxEvents\\":3}")');
    expect(text).toContain('(name = "INTERNAL_SECRET", fromEnvironment = "BREAKWATER_INTERNAL_SECRET")');
    expect(text).toContain('(name = "worker.js", esModule = embed "dist/worker.js")');
    expect(text).toContain('address = "127.0.0.1:8787"');
  });

  it("stores the worker's own SQLite Durable Objects on local disk and reaches private addresses", () => {
    const { text } = render();
    expect(text).toContain('(name = "QUOTA", durableObjectNamespace = "QuotaDO")');
    expect(text).toContain('(className = "QuotaDO", uniqueKey = "breakwater-edge-QuotaDO", enableSql = true)');
    expect(text).toContain('durableObjectStorage = (localDisk = "do-disk")');
    expect(text).toContain('(name = "do-disk", disk = (path = "/data/wd/do", writable = true))');
    expect(text).toContain('(name = "internet", network = (allow = ["public", "private"]))');
    expect(text).toContain('globalOutbound = "internet"');
  });

  it("leaves out what workerd cannot provide, and says so", () => {
    const { text, notes } = render();
    expect(text).not.toContain("EVENTS");
    expect(text).not.toContain("OTHER");
    expect(notes).toEqual([
      "EVENTS: queue binding left out (no queues in workerd)",
      "EVENT_BLOBS: R2 binding left out",
      "OTHER: Durable Object of script other left out",
    ]);
  });

  it("follows renames and deletions in the migrations", () => {
    const { text } = render({
      ...EDGE,
      durable_objects: {
        bindings: [
          { name: "A", class_name: "New" },
          { name: "B", class_name: "Kv" },
        ],
      },
      migrations: [
        { new_sqlite_classes: ["Old", "Gone"] },
        { renamed_classes: [{ from: "Old", to: "New" }], deleted_classes: ["Gone"] },
      ],
    });
    expect(text).toContain('className = "New", uniqueKey = "breakwater-edge-New", enableSql = true');
    expect(text).toContain('className = "Kv", uniqueKey = "breakwater-edge-Kv", enableSql = false');
  });

  it("has no disk service for a Worker without Durable Objects, and escapes quotes", () => {
    const { text } = render(
      { name: "ok", compatibility_date: "2026-11-01", vars: { GREETING: 'say "hi" \\ bye' } },
      { port: 1234 },
    );
    expect(text).not.toContain("do-disk");
    expect(text).toContain('(name = "GREETING", text = "say \\"hi\\" \\\\ bye")');
  });

  it("refuses control characters in values", () => {
    expect(() => render({ name: "x", vars: { BAD: "line\nbreak" } }, { port: 1 })).toThrow(/control character/);
  });
});
