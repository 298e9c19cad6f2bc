/**
 * @module
 * Ships aggregated outcomes straight to the backend's `POST /internal/outcomes`, for the self-hosted
 * edge (`FORWARD_MODE=http`) that has no queue. Same rhythm as `QueueOutcomeRecorder` (./queue.ts): the first
 * outcome after a flush schedules the next one {@link FLUSH_DELAY_MS} later inside `waitUntil`, and
 * everything recorded meanwhile rides along, from the same isolate-wide buffer. A failed post puts
 * the rows back for the next flush, so a backend restart delays counts but does not lose them (they
 * are lost only if the isolate goes away before the backend comes back).
 */
import type { BackendClient } from "../backend/interface.ts";
import type { Logger } from "../logger/interface.ts";
import type { OutcomeInput, OutcomeRecorder } from "./interface.ts";
import { FLUSH_DELAY_MS, type OutcomeBuffer } from "./queue.ts";

/** Rows per request: the backend takes at most 10,000 (core's `OutcomesBatchSchema`). */
const ROWS_PER_POST = 10_000;

/** Options for {@link HttpOutcomeRecorder}. */
export interface HttpOutcomeRecorderOptions {
  /** The isolate's buffer (module scope), shared with the queue recorder's shape. */
  buffer: OutcomeBuffer;
  backend: Pick<BackendClient, "postOutcomes">;
  waitUntil: (promise: Promise<unknown>) => void;
  logger: Logger;
  /** Milliseconds outcomes gather before a post. Default {@link FLUSH_DELAY_MS}. */
  flushDelayMs?: number;
}

/** Aggregates per isolate and posts to the backend directly. */
export class HttpOutcomeRecorder implements OutcomeRecorder {
  constructor(private readonly o: HttpOutcomeRecorderOptions) {}

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
    for (let i = 0; i < rows.length; i += ROWS_PER_POST) {
      const chunk = rows.slice(i, i + ROWS_PER_POST);
      const posted = await this.o.backend.postOutcomes({ outcomes: chunk });
      if (posted.ok) continue;
      // Kept for the next flush, which the next recorded outcome schedules.
      buffer.aggregator.restore(chunk);
      this.o.logger.warn("outcomes not posted, kept for the next flush", { rows: chunk.length, error: posted.error });
    }
  }
}
