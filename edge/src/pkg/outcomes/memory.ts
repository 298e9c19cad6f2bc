/**
 * @module
 * Keeps outcomes in memory, aggregated (tests read them back).
 */
import type { Outcome } from "@breakwater/core/schema";
import { OutcomeAggregator } from "./aggregator.ts";
import type { OutcomeInput, OutcomeRecorder } from "./interface.ts";

export class MemoryOutcomeRecorder implements OutcomeRecorder {
  private readonly aggregator = new OutcomeAggregator();
  private readonly seen: Outcome[] = [];

  record(o: OutcomeInput, now: number): void {
    this.aggregator.add(o, now);
  }

  /** Everything recorded so far, aggregated per minute. */
  rows(): Outcome[] {
    this.seen.push(...this.aggregator.drain());
    return [...this.seen];
  }
}
