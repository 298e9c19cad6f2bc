/**
 * @module
 * The storage ceiling (DESIGN 6: "embedded ≥ 70% of a raw chDB bulk insert of the same rows"): a
 * child process of the benchmark (`tsx bench/lib/storage-ceiling.ts '<json options>'`) that builds
 * the rows the pipeline would write for the benchmark's corpus (same seed: core's normalization and
 * grouping, the backend's own `toEventRow`), opens a fresh event store (chDB in a temp directory, or a
 * throwaway database on the ClickHouse server of `CLICKHOUSE_URL`), migrates it with the backend's
 * migrations, and inserts batches of `batch` rows with the backend's `insertJsonEachRow` for
 * `seconds`. No dedupe read, no grouping, no Postgres: only what storage itself costs. It runs in its
 * own process because chDB keeps one engine per process, and so that its memory is its own.
 *
 * Prints one line: `CEILING_JSON {"rows": n, "seconds": s, "rowsPerSecond": r, "batch": b}`.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeGrouping } from "@breakwater/core/grouping";
import { normalizeEvent } from "@breakwater/core/normalize";
import { ChdbClient } from "../../backend/src/clickhouse/chdb.ts";
import { type EventRow, insertEvents } from "../../backend/src/clickhouse/events.ts";
import { HttpClickHouseClient } from "../../backend/src/clickhouse/http.ts";
import type { EventStoreClient } from "../../backend/src/clickhouse/interface.ts";
import { migrateEventStore } from "../../backend/src/clickhouse/migrate.ts";
import { toEventRow } from "../../backend/src/pipeline/event-row.ts";
import { createClusterNamespace } from "../../backend/src/testutil/cluster.ts";
import { buildCorpus, type CorpusOptions } from "./load/corpus.ts";

/** Options, passed as one JSON argument. */
export interface CeilingOptions {
  store: "chdb" | "clickhouse";
  seconds: number;
  /** Rows per insert (the pipeline's mean batch, so both pay the same per-insert overhead). */
  batch: number;
  corpus: Omit<CorpusOptions, "targets" | "host">;
}

/** What the child prints. */
export interface CeilingResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  batch: number;
}

function rowsOf(o: CeilingOptions): EventRow[] {
  const corpus = buildCorpus({ ...o.corpus, targets: [{ projectId: 1, publicKey: "0".repeat(32) }], host: "x" });
  const received = Date.now() / 1000;
  return corpus.entries.map((entry) => {
    const event = normalizeEvent(JSON.parse(entry.payload), { received });
    const record = { kind: "event" as const, project_id: 1, key_id: 1, received, event };
    return toEventRow(record, computeGrouping(event), entry.issue + 1);
  });
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? "{}") as CeilingOptions;
  const rows = rowsOf(o);
  let client: EventStoreClient;
  let cleanup: () => Promise<void>;
  if (o.store === "chdb") {
    const dir = mkdtempSync(join(tmpdir(), "breakwater-ceiling-"));
    client = ChdbClient.open(dir);
    cleanup = async () => {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const namespace = await createClusterNamespace({ CLICKHOUSE_URL: process.env.CLICKHOUSE_URL }, "bench");
    if (namespace.stores.eventStore.kind !== "http") throw new Error("CLICKHOUSE_URL is not set");
    client = await HttpClickHouseClient.open(namespace.stores.eventStore);
    cleanup = async () => {
      await client.close();
      await namespace.drop();
    };
  }
  try {
    await migrateEventStore(client);
    // One untimed insert: table creation and first-part costs are not the steady state.
    await insertEvents(client, rows.slice(0, o.batch));
    let inserted = 0;
    let cursor = 0;
    const started = performance.now();
    while (performance.now() - started < o.seconds * 1000) {
      const batch: EventRow[] = [];
      for (let i = 0; i < o.batch; i++) {
        const row = rows[cursor++ % rows.length] as EventRow;
        batch.push({ ...row, event_id: randomBytes(16).toString("hex") });
      }
      await insertEvents(client, batch);
      inserted += batch.length;
    }
    const seconds = (performance.now() - started) / 1000;
    const result: CeilingResult = { rows: inserted, seconds, rowsPerSecond: inserted / seconds, batch: o.batch };
    console.log(`CEILING_JSON ${JSON.stringify(result)}`);
  } finally {
    await cleanup();
  }
}

await main();
process.exit(0);
