/**
 * @module
 * The rhythm every outcome recorder shares: outcomes aggregate in the isolate's buffer, the first one
 * after a flush schedules the next flush {@link FLUSH_DELAY_MS} later inside `waitUntil`, everything
 * recorded meanwhile rides along, and rows a shipment could not deliver go back into the buffer for
 * the next flush. Subclasses only say how a chunk of rows is shipped (queue or HTTP).
 */
import type { Outcome } from "@breakwater/core/schema";
import type { Logger } from "../logger/interface.ts";
import { OutcomeAggregator } from "./aggregator.ts";
import type { OutcomeInput, OutcomeRecorder } from "./interface.ts";

/** How long outcomes gather in an isolate before they are shipped. */
export const FLUSH_DELAY_MS = 1_000;

/** The isolate's aggregator and whether a flush is pending (module scope: outlives requests). */
export interface OutcomeBuffer {
  aggregator: OutcomeAggregator;
  flushPending: boolean;
}

export const ISOLATE_OUTCOMES: OutcomeBuffer = { aggregator: new OutcomeAggregator(), flushPending: false };

/** What every buffered recorder needs. */
export interface BufferedRecorderOptions {
  buffer: OutcomeBuffer;
  waitUntil: (promise: Promise<unknown>) => void;
  logger: Logger;
  /** Milliseconds outcomes gather before a flush. Default {@link FLUSH_DELAY_MS}. */
  flushDelayMs?: number;
}

export abstract class BufferedOutcomeRecorder implements OutcomeRecorder {
  /** Rows per shipment. */
  protected abstract readonly rowsPerShipment: number;

  constructor(private readonly base: BufferedRecorderOptions) {}

  /** Ships rows; resolves with an error description when they were not delivered. */
  protected abstract ship(rows: Outcome[]): Promise<string | undefined>;

  record(outcome: OutcomeInput, now: number): void {
    if (outcome.quantity <= 0) return;
    const { buffer } = this.base;
    buffer.aggregator.add(outcome, now);
    if (buffer.flushPending) return;
    buffer.flushPending = true;
    this.base.waitUntil(this.flushAfterDelay());
  }

  private async flushAfterDelay(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.base.flushDelayMs ?? FLUSH_DELAY_MS));
    const { buffer } = this.base;
    buffer.flushPending = false;
    const rows = buffer.aggregator.drain();
    for (let i = 0; i < rows.length; i += this.rowsPerShipment) {
      const chunk = rows.slice(i, i + this.rowsPerShipment);
      const error = await this.ship(chunk);
      if (error === undefined) continue;
      // Not lost to a hiccup: the next recorded outcome schedules the next flush, and these go with it.
      buffer.aggregator.restore(chunk);
      this.base.logger.warn("outcomes not shipped, kept for the next flush", { rows: chunk.length, error });
    }
  }
}
