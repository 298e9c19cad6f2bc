/**
 * @module
 * Ships aggregated outcomes through the edge's event queue, so they reach the backend by the same
 * durable, retried path as events. The first outcome after a flush schedules the next one
 * {@link FLUSH_DELAY_MS} later inside `waitUntil`; everything recorded meanwhile rides along.
 */
import type { OutcomesMessage, QueueMessage } from "../forwarder/message.ts";
import type { Logger } from "../logger/interface.ts";
import { OutcomeAggregator } from "./aggregator.ts";
import type { OutcomeInput, OutcomeRecorder } from "./interface.ts";

/** How long outcomes gather in an isolate before they are queued. */
export const FLUSH_DELAY_MS = 1_000;
/** Rows per queue message (keeps messages far below the 128 KB cap). */
const ROWS_PER_MESSAGE = 500;

/** The isolate's aggregator and whether a flush is pending (module scope: outlives requests). */
export interface OutcomeBuffer {
  aggregator: OutcomeAggregator;
  flushPending: boolean;
}

export const ISOLATE_OUTCOMES: OutcomeBuffer = { aggregator: new OutcomeAggregator(), flushPending: false };

export interface QueueOutcomeRecorderOptions {
  buffer: OutcomeBuffer;
  queue: Queue<QueueMessage>;
  waitUntil: (promise: Promise<unknown>) => void;
  logger: Logger;
  flushDelayMs?: number;
}

export class QueueOutcomeRecorder implements OutcomeRecorder {
  constructor(private readonly o: QueueOutcomeRecorderOptions) {}

  record(outcome: OutcomeInput, now: number): void {
    if (outcome.quantity <= 0) return;
    this.o.buffer.aggregator.add(outcome, now);
    if (this.o.buffer.flushPending) return;
    this.o.buffer.flushPending = true;
    this.o.waitUntil(this.flushAfterDelay());
  }

  private async flushAfterDelay(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.o.flushDelayMs ?? FLUSH_DELAY_MS));
    const { buffer } = this.o;
    buffer.flushPending = false;
    const rows = buffer.aggregator.drain();
    for (let i = 0; i < rows.length; i += ROWS_PER_MESSAGE) {
      const chunk = rows.slice(i, i + ROWS_PER_MESSAGE);
      const message: OutcomesMessage = { v: 1, outcomes: chunk };
      try {
        await this.o.queue.send(message, { contentType: "json" });
      } catch (e) {
        // Counts are not lost to a queue hiccup: they go out with the next flush.
        buffer.aggregator.restore(chunk);
        this.o.logger.warn("outcomes not queued, kept for the next flush", { rows: chunk.length, error: String(e) });
      }
    }
  }
}
