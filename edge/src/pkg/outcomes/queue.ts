/**
 * @module
 * Ships aggregated outcomes through the edge's event queue, so they reach the backend by the same
 * durable, retried path as events (the queue consumer posts them to `/internal/outcomes`). The
 * buffering rhythm is {@link BufferedOutcomeRecorder}'s.
 */
import type { Outcome } from "@breakwater/core/schema";
import type { OutcomesMessage, QueueMessage } from "../forwarder/message.ts";
import { BufferedOutcomeRecorder, type BufferedRecorderOptions } from "./buffered.ts";

export { FLUSH_DELAY_MS, ISOLATE_OUTCOMES, type OutcomeBuffer } from "./buffered.ts";

export interface QueueOutcomeRecorderOptions extends BufferedRecorderOptions {
  queue: Queue<QueueMessage>;
}

export class QueueOutcomeRecorder extends BufferedOutcomeRecorder {
  /** Rows per queue message: far below the 128 KB message cap. */
  protected readonly rowsPerShipment = 500;

  constructor(private readonly o: QueueOutcomeRecorderOptions) {
    super(o);
  }

  protected async ship(rows: Outcome[]): Promise<string | undefined> {
    const message: OutcomesMessage = { v: 1, outcomes: rows };
    try {
      await this.o.queue.send(message, { contentType: "json" });
      return undefined;
    } catch (e) {
      return String(e);
    }
  }
}
