/**
 * @module
 * Kafka mode for the shared backend suite. Tests written against the direct EventLog expect
 * `/internal/ingest` to answer after the batch is stored, with exact accepted / duplicate counts.
 * In Kafka mode the route answers after the broker's ack, and a consumer stores the batch later.
 * `ReadYourWritesLog` bridges the two for tests only: it appends through the real `KafkaEventLog`,
 * then waits until the harness's in-process `EventConsumer` has committed every record, and answers
 * with what the consumer did to each (stored / duplicate / dead-lettered).
 */
import type { IngestRecord } from "@breakwater/core/schema";
import { type FlushReport, flushKey, type RecordOutcome } from "../kafka/consumer.ts";
import type { KafkaEventLog } from "../kafka/event-log.ts";
import { dedupeWithinBatch } from "../pipeline/dedupe.ts";
import type { EventLog, EventLogResult } from "../pipeline/index.ts";

/** Longest wait for the consumer, ms. */
const WAIT_MS = 30_000;

/** Matches consumer outcomes to the records a test is waiting for, by `flushKey`. */
export class OutcomeTracker {
  private readonly waiting = new Map<string, ((o: RecordOutcome) => void)[]>();

  /** Feed from `EventConsumer`'s `onFlush`. */
  readonly onFlush = (report: FlushReport): void => {
    for (const { key, outcome } of report.records) {
      if (key === null) continue;
      const list = this.waiting.get(key);
      const resolve = list?.shift();
      if (list && list.length === 0) this.waiting.delete(key);
      resolve?.(outcome);
    }
  };

  /** Resolves with the first outcome reported for each key after this call. */
  expect(keys: readonly string[]): Promise<RecordOutcome[]> {
    const all = keys.map(
      (key) =>
        new Promise<RecordOutcome>((resolve) => {
          const list = this.waiting.get(key) ?? [];
          list.push(resolve);
          this.waiting.set(key, list);
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`consumer did not process ${keys.length} records in ${WAIT_MS} ms`)),
        WAIT_MS,
      );
    });
    return Promise.race([Promise.all(all), timeout]).finally(() => clearTimeout(timer));
  }
}

/** The test-only EventLog described in the module doc. */
export class ReadYourWritesLog implements EventLog {
  constructor(
    private readonly log: KafkaEventLog,
    private readonly tracker: OutcomeTracker,
  ) {}

  async process(records: readonly IngestRecord[]): Promise<EventLogResult> {
    const { unique, duplicates } = dedupeWithinBatch(records);
    if (unique.length === 0) return { accepted: 0, duplicates };
    const outcomes = this.tracker.expect(unique.map(flushKey));
    await this.log.append(unique);
    const done = await outcomes;
    const stored = done.filter((o) => o === "stored").length;
    return { accepted: stored, duplicates: duplicates + done.filter((o) => o === "duplicate").length };
  }
}
