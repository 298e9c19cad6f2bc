/**
 * @module
 * Per-minute aggregation of outcomes inside an isolate, so a flood of identical drops costs one row
 * per minute and reason, not one message per event.
 */
import type { Outcome } from "@breakwater/core/schema";
import type { OutcomeInput } from "./interface.ts";

const keyOf = (o: Outcome) =>
  `${o.timestamp}|${o.org_id}|${o.project_id}|${o.key_id}|${o.outcome}|${o.reason ?? ""}|${o.category}`;

export class OutcomeAggregator {
  private readonly rows = new Map<string, Outcome>();

  /** Adds to the row of `o`'s minute. */
  add(o: OutcomeInput, now: number): void {
    const row: Outcome = { ...o, timestamp: Math.floor(now / 60) * 60 };
    const key = keyOf(row);
    const existing = this.rows.get(key);
    if (existing) existing.quantity += o.quantity;
    else this.rows.set(key, row);
  }

  /** Adds whole rows back (after a failed send). */
  restore(rows: readonly Outcome[]): void {
    for (const row of rows) {
      const existing = this.rows.get(keyOf(row));
      if (existing) existing.quantity += row.quantity;
      else this.rows.set(keyOf(row), { ...row });
    }
  }

  /** Takes every row out. */
  drain(): Outcome[] {
    const out = [...this.rows.values()];
    this.rows.clear();
    return out;
  }

  get size(): number {
    return this.rows.size;
  }
}
