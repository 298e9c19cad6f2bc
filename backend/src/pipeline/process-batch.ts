/**
 * @module
 * The embedded pipeline (DESIGN 1, `EventLog: direct`): the ingest request itself runs
 * dedupe → grouping → issue upsert → event insert, and answers only after both stores have the
 * batch (write-through: a 200 means stored).
 *
 * Batches run one at a time. The dedupe check reads storage before writing it, so two concurrent
 * batches carrying the same event id would both pass; serializing them closes that gap, and
 * PGlite has a single connection anyway.
 */
import type { IngestRecord, IngestResponse } from "@breakwater/core/schema";
import { findStoredEvents, insertEvents } from "../clickhouse/events.ts";
import type { Inserter, Querier } from "../clickhouse/interface.ts";
import type { Db } from "../db/client.ts";
import { issueKey, linkIssueHashes, upsertIssues } from "../db/queries/issue-upsert.ts";
import { dedupeWithinBatch, dropStored } from "./dedupe.ts";
import { toEventRow } from "./event-row.ts";
import { aggregateIssues, groupRecords } from "./group.ts";

/** The stores a pipeline writes to. */
export interface PipelineDeps {
  db: Db;
  events: Querier & Inserter;
}

/** What one batch did: the ingest answer plus figures for the log. */
export interface BatchResult extends IngestResponse {
  /** Distinct issues touched. */
  issues: number;
}

/** Processes ingest batches; safe to call concurrently (batches are queued). */
export interface Pipeline {
  process(records: readonly IngestRecord[]): Promise<BatchResult>;
}

/** Builds the pipeline over the given stores. */
export function createPipeline(deps: PipelineDeps): Pipeline {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    process(records) {
      const run = tail.then(() => processBatch(deps, records));
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

/**
 * Runs one batch through every step. The issue upsert and the event insert share one Postgres
 * transaction that commits only after chDB took the events: if the insert fails, the counters roll
 * back and the edge's retry counts the events exactly once.
 */
export async function processBatch(deps: PipelineDeps, records: readonly IngestRecord[]): Promise<BatchResult> {
  const inBatch = dedupeWithinBatch(records);
  const inStore = await dropStored(inBatch.unique, (keys) => findStoredEvents(deps.events, keys));
  const duplicates = inBatch.duplicates + inStore.duplicates;
  if (inStore.fresh.length === 0) return { accepted: 0, duplicates, issues: 0 };

  const grouped = groupRecords(inStore.fresh);
  const aggregates = aggregateIssues(grouped);
  await deps.db.transaction(async (tx) => {
    const ids = await upsertIssues(tx, aggregates);
    const idOf = (projectId: number, hash: string): number => {
      const id = ids.get(issueKey(projectId, hash));
      if (id === undefined) throw new Error(`upsert returned no issue for ${projectId}:${hash}`);
      return id;
    };
    await linkIssueHashes(
      tx,
      aggregates.map((a) => ({ projectId: a.projectId, hash: a.hash, issueId: idOf(a.projectId, a.hash) })),
    );
    const rows = grouped.map(({ record, grouping }) =>
      toEventRow(record, grouping, idOf(record.project_id, grouping.hash)),
    );
    await insertEvents(deps.events, rows);
  });
  return { accepted: inStore.fresh.length, duplicates, issues: aggregates.length };
}
