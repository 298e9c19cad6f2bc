/**
 * @module
 * Outcome rows as tests compare them: quantities summed per `outcome reason category`.
 */
import type { Outcome } from "@breakwater/core/schema";

/**
 * Totals per `"<outcome> <reason|-> <category>"`, e.g. `{"invalid too_large:attachment attachment": 2048}`.
 * @param keyId only rows of this key (tests that share an isolate's DOs use their own keys)
 */
export function outcomeTotals(rows: readonly Outcome[], keyId?: number): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const row of rows) {
    if (keyId !== undefined && row.key_id !== keyId) continue;
    const key = `${row.outcome} ${row.reason ?? "-"} ${row.category}`;
    totals[key] = (totals[key] ?? 0) + row.quantity;
  }
  return totals;
}
