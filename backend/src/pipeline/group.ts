/**
 * @module
 * Step 2: grouping. Each event gets its hash, title and culprit from core's `computeGrouping`; the
 * batch is then folded into one aggregate per (project, hash) so that the issue upsert touches each
 * issue once.
 */
import { computeGrouping, type GroupingResult } from "@breakwater/core/grouping";
import type { EventRecord } from "@breakwater/core/schema";
import { type IssueAggregate, issueKey } from "../db/queries/issue-upsert.ts";

/** A record with its grouping. */
export interface GroupedRecord {
  record: EventRecord;
  grouping: GroupingResult;
}

/** Computes the grouping of every record. */
export function groupRecords(records: readonly EventRecord[]): GroupedRecord[] {
  return records.map((record) => ({ record, grouping: computeGrouping(record.event) }));
}

const toDate = (unixSeconds: number) => new Date(Math.round(unixSeconds * 1000));

interface Accumulator {
  projectId: number;
  hash: string;
  count: number;
  firstTs: number;
  lastTs: number;
  /** The most recent event's grouping and level: Sentry shows the latest title. */
  latest: GroupedRecord;
  /** The earliest event that has a release. */
  firstRelease: { ts: number; release: string } | null;
}

/** One aggregate per (project, hash): count, time span, display fields of the most recent event. */
export function aggregateIssues(grouped: readonly GroupedRecord[]): IssueAggregate[] {
  const byKey = new Map<string, Accumulator>();
  for (const item of grouped) {
    const { record, grouping } = item;
    const ts = record.event.timestamp;
    const key = issueKey(record.project_id, grouping.hash);
    const acc = byKey.get(key) ?? {
      projectId: record.project_id,
      hash: grouping.hash,
      count: 0,
      firstTs: ts,
      lastTs: ts,
      latest: item,
      firstRelease: null,
    };
    byKey.set(key, acc);
    acc.count += 1;
    acc.firstTs = Math.min(acc.firstTs, ts);
    if (ts >= acc.lastTs) {
      acc.lastTs = ts;
      acc.latest = item;
    }
    const release = record.event.release;
    if (release && (!acc.firstRelease || ts < acc.firstRelease.ts)) acc.firstRelease = { ts, release };
  }
  return [...byKey.values()].map((acc) => ({
    projectId: acc.projectId,
    hash: acc.hash,
    count: acc.count,
    firstSeen: toDate(acc.firstTs),
    lastSeen: toDate(acc.lastTs),
    level: acc.latest.record.event.level,
    title: acc.latest.grouping.title,
    culprit: acc.latest.grouping.culprit,
    type: acc.latest.grouping.type,
    metadata: acc.latest.grouping.metadata,
    firstRelease: acc.firstRelease?.release ?? null,
  }));
}
