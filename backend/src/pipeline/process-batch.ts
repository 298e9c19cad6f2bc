/**
 * @module
 * The pipeline. In embedded mode (DESIGN 1, `EventLog: direct`) the ingest request itself runs
 * dedupe → grouping → issue upsert → event insert, and answers only after both stores have the
 * batch (write-through: a 200 means stored). Records of the other kinds go to their own tables:
 * transactions, attachment chunks and user reports before the events, session counts after them. In cluster mode the Kafka consumer runs the same
 * `runBatch` on the batches it reads (`../kafka/consumer.ts`).
 *
 * Commits run one at a time. The dedupe check reads storage before writing it, so two concurrent
 * batches carrying the same event id would both pass; serializing them closes that gap, and
 * PGlite has a single connection anyway. Requests that wait are merged into one commit.
 */
import type {
  AttachmentRecord,
  Event,
  EventRecord,
  IngestRecord,
  IngestResponse,
  SessionRecord,
  TransactionRecord,
  UserReportRecord,
} from "@breakwater/core/schema";
import {
  type BatchIssue,
  evaluateIssueAlerts,
  type IssueAlertOptions,
  prepareIssueAlerts,
} from "../alerts/issue-alerts.ts";
import { insertAttachments } from "../clickhouse/attachments.ts";
import { findStoredEvents, insertEvents } from "../clickhouse/events.ts";
import type { Inserter, Querier } from "../clickhouse/interface.ts";
import { insertSessions } from "../clickhouse/sessions.ts";
import { insertTransactions } from "../clickhouse/transactions.ts";
import { insertUserReports } from "../clickhouse/user-reports.ts";
import type { Db } from "../db/client.ts";
import { issueKey, linkIssueHashes, upsertIssues } from "../db/queries/issue-upsert.ts";
import { toAttachmentRow } from "./attachments.ts";
import { dedupeWithinBatch, dropStored } from "./dedupe.ts";
import { toEventRow } from "./event-row.ts";
import { aggregateIssues, groupRecords } from "./group.ts";
import { toSessionRow } from "./sessions.ts";
import { toTransactionRow } from "./transactions.ts";
import { toUserReportRow } from "./user-reports.ts";
import { wellFormed, wellFormedEvent } from "./well-formed.ts";

/** The stores a pipeline writes to. */
export interface PipelineDeps {
  db: Db;
  events: Querier & Inserter;
  /** Evaluate issue alert rules in each batch; absent = no alerting (tools, some tests). */
  alerts?: IssueAlertOptions;
}

/** What one batch did: the ingest answer plus figures for the log. */
export interface BatchResult extends IngestResponse {
  /** Distinct issues touched (by the whole commit, when requests were merged into one). */
  issues: number;
}

/** Processes ingest batches; safe to call concurrently (batches are queued). */
export interface Pipeline {
  process(records: readonly IngestRecord[]): Promise<BatchResult>;
}

/** What the EventLog answers for one ingest batch. */
export interface EventLogResult extends IngestResponse {
  /** Distinct issues touched, when the batch was processed in the request (direct mode). */
  issues?: number;
}

/**
 * The EventLog port (DESIGN 2): where `/internal/ingest` hands a validated batch. It resolves once
 * the batch is durable: stored in both stores (`direct`, a `Pipeline`) or acknowledged by every
 * in-sync Kafka replica (`kafka`, `KafkaEventLog`); it rejects when it is not.
 */
export interface EventLog {
  process(records: readonly IngestRecord[]): Promise<EventLogResult>;
}

/** What one group commit did, for the log. */
export interface CommitInfo {
  /** Ingest requests answered by this commit. */
  requests: number;
  /** Records in the commit (one ClickHouse insert, one Postgres transaction). */
  records: number;
  accepted: number;
  ms: number;
}

/** Options of {@link createPipeline}. */
export interface PipelineOptions {
  /** Most records merged into one commit; a single bigger request still commits alone. Default 5,000. */
  maxCommitRecords?: number;
  /** Called after each successful commit. */
  onCommit?: (info: CommitInfo) => void;
}

interface Waiter {
  records: readonly IngestRecord[];
  resolve: (r: BatchResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Builds the pipeline over the given stores. Group commit (DESIGN 5, "the backend's ingest does the
 * same towards … storage"): batches run one at a time, and the requests that arrived while one ran
 * are merged into the next commit, so chDB and PGlite see one insert and one transaction for many
 * requests (their cost is mostly per insert, not per row). Each request is answered only after the
 * commit holding its records is stored, so a 200 still means stored.
 */
export function createPipeline(deps: PipelineDeps, options: PipelineOptions = {}): Pipeline {
  const maxRecords = options.maxCommitRecords ?? 5_000;
  const queue: Waiter[] = [];
  let running = false;

  const take = (): Waiter[] => {
    const group: Waiter[] = [];
    let size = 0;
    while (queue.length > 0) {
      const next = queue[0] as Waiter;
      if (group.length > 0 && size + next.records.length > maxRecords) break;
      group.push(next);
      size += next.records.length;
      queue.shift();
    }
    return group;
  };

  const commit = async (group: Waiter[]): Promise<void> => {
    const started = performance.now();
    const records = group.length === 1 ? (group[0] as Waiter).records : group.flatMap((w) => w.records);
    let outcome: BatchOutcome;
    try {
      outcome = await runBatch(deps, records);
    } catch (e) {
      if (group.length === 1) {
        (group[0] as Waiter).reject(e);
        return;
      }
      // One request's records must not fail the others: retry each alone (the failed commit rolled
      // back its Postgres counters, and dedupe by event id covers rows the EventStore kept).
      for (const w of group) await commit([w]);
      return;
    }
    const { issues } = outcome.result;
    for (const w of group) {
      let accepted = 0;
      for (const r of w.records) if (outcome.stored.has(r)) accepted += 1;
      w.resolve({ accepted, duplicates: w.records.length - accepted, issues });
    }
    options.onCommit?.({
      requests: group.length,
      records: records.length,
      accepted: outcome.result.accepted,
      ms: Math.round(performance.now() - started),
    });
  };

  const drain = async (): Promise<void> => {
    running = true;
    try {
      while (queue.length > 0) await commit(take());
    } finally {
      running = false;
    }
  };

  return {
    process(records) {
      return new Promise<BatchResult>((resolve, reject) => {
        queue.push({ records, resolve, reject });
        if (!running) void drain();
      });
    },
  };
}

/**
 * Runs one batch through every step. The issue upsert and the event insert share one Postgres
 * transaction that commits only after the EventStore took the events: if the insert fails, the
 * counters roll back and the retry (the edge's, or the Kafka consumer's) counts the events exactly once.
 */
export async function processBatch(deps: PipelineDeps, records: readonly IngestRecord[]): Promise<BatchResult> {
  return (await runBatch(deps, records)).result;
}

/** `processBatch` plus which records were stored (the others were duplicates). */
export interface BatchOutcome {
  result: BatchResult;
  /** The records written, by identity; a record of the input that is absent was a duplicate. */
  stored: ReadonlySet<IngestRecord>;
}

/** `processBatch` that also tells which records were stored (the Kafka consumer reports per record). */
export async function runBatch(deps: PipelineDeps, records: readonly IngestRecord[]): Promise<BatchOutcome> {
  const inBatch = dedupeWithinBatch(records);
  const events: EventRecord[] = [];
  const transactions: TransactionRecord[] = [];
  const attachments: AttachmentRecord[] = [];
  const sessions: SessionRecord[] = [];
  const reports: UserReportRecord[] = [];
  for (const record of inBatch.unique) {
    if (record.kind === "event") events.push(record);
    else if (record.kind === "transaction") transactions.push(record);
    else if (record.kind === "attachment") attachments.push(record);
    else if (record.kind === "user_report") reports.push(record);
    else sessions.push(record);
  }
  // Idempotent kinds first: if anything after them fails, their retry collapses on merge.
  // In place: the consumer reports per record by identity.
  for (const record of transactions) record.event = wellFormedEvent(record.event);
  for (const record of attachments) record.attachment = wellFormed(record.attachment);
  for (const record of reports) record.user_report = wellFormed(record.user_report);
  await insertTransactions(deps.events, transactions.map(toTransactionRow));
  await insertAttachments(deps.events, attachments.map(toAttachmentRow));
  await insertUserReports(deps.events, reports.map(toUserReportRow));
  const stored = await runEventBatch(deps, events);
  // Session counts are added up, so they go last: a failure before them leaves nothing to count twice.
  for (const record of sessions) record.session = wellFormed(record.session);
  await insertSessions(deps.events, sessions.map(toSessionRow));
  const others = [...transactions, ...attachments, ...reports, ...sessions];
  return {
    result: {
      accepted: stored.result.accepted + others.length,
      duplicates: stored.result.duplicates + inBatch.duplicates,
      issues: stored.result.issues,
    },
    stored: new Set<IngestRecord>([...stored.stored, ...others]),
  };
}

/** The event part of a batch (already deduplicated within the batch): dedupe against storage, group, store. */
async function runEventBatch(deps: PipelineDeps, unique: readonly EventRecord[]): Promise<BatchOutcome> {
  const inStore = await dropStored(unique, (keys) => findStoredEvents(deps.events, keys));
  const duplicates = inStore.duplicates;
  if (inStore.fresh.length === 0) return { result: { accepted: 0, duplicates, issues: 0 }, stored: new Set() };
  // In place: the consumer reports per record by identity.
  for (const record of inStore.fresh) record.event = wellFormedEvent(record.event);
  const grouped = groupRecords(inStore.fresh);
  const aggregates = aggregateIssues(grouped);
  let enqueued = 0;
  await deps.db.transaction(async (tx) => {
    const alertPrep = deps.alerts ? await prepareIssueAlerts(tx, aggregates) : null;
    const upserted = await upsertIssues(tx, aggregates);
    const idOf = (projectId: number, hash: string): number => {
      const issue = upserted.get(issueKey(projectId, hash));
      if (issue === undefined) throw new Error(`upsert returned no issue for ${projectId}:${hash}`);
      return issue.id;
    };
    await linkIssueHashes(
      tx,
      aggregates.map((a) => ({ projectId: a.projectId, hash: a.hash, issueId: idOf(a.projectId, a.hash) })),
    );
    const rows = grouped.map(({ record, grouping }) =>
      toEventRow(record, grouping, idOf(record.project_id, grouping.hash)),
    );
    await insertEvents(deps.events, rows);
    if (alertPrep && deps.alerts) {
      const eventsOf = new Map<string, Event[]>();
      for (const { record, grouping } of grouped) {
        const key = issueKey(record.project_id, grouping.hash);
        const list = eventsOf.get(key);
        if (list) list.push(record.event);
        else eventsOf.set(key, [record.event]);
      }
      const batchIssues: BatchIssue[] = aggregates.map((a) => {
        const key = issueKey(a.projectId, a.hash);
        const upsertedIssue = upserted.get(key);
        if (!upsertedIssue) throw new Error(`upsert returned no issue for ${key}`);
        const events = (eventsOf.get(key) ?? []).sort((x, y) => x.timestamp - y.timestamp);
        return { key, projectId: a.projectId, upserted: upsertedIssue, events };
      });
      enqueued = await evaluateIssueAlerts(tx, deps.events, alertPrep, batchIssues, deps.alerts);
    }
  });
  if (enqueued > 0) deps.alerts?.onEnqueued?.();
  return {
    result: { accepted: inStore.fresh.length, duplicates, issues: aggregates.length },
    stored: new Set(inStore.fresh),
  };
}
