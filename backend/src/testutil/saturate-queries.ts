/**
 * @module
 * Fills an organization's query slots (one slot, no queue) so that the next ClickHouse read of
 * that organization is refused: how route tests reach the 429 path deterministically.
 */
import type { Querier } from "../clickhouse/interface.ts";
import { executorFor } from "../query/execute.ts";
import { OrgLimiter } from "../query/limiter.ts";

/**
 * Runs `body` while organization `organizationId` has no free query slot, then restores the
 * executor's limiter.
 */
export async function withSaturatedQueries(
  events: Querier,
  organizationId: number,
  body: () => Promise<void>,
): Promise<void> {
  const executor = executorFor(events);
  const saved = executor.limiter;
  executor.limiter = new OrgLimiter({ concurrency: 1, queue: 0 });
  let release = () => {};
  const held = executor.limiter.run(organizationId, () => new Promise<void>((r) => (release = r)));
  try {
    await body();
  } finally {
    release();
    await held;
    executor.limiter = saved;
  }
}
