/**
 * @module
 * Test fixtures for outcomes: built through core's schema, posted through the signed endpoint.
 */
import { type Outcome, OutcomeSchema } from "@breakwater/core/schema";
import type { Harness } from "./harness.ts";
import { signedHeaders } from "./harness.ts";

/** An outcome of org 1 / project 1 / key 1: accepted error, quantity 1, unless overridden. */
export function outcome(o: Partial<Outcome> & { timestamp: number }): Outcome {
  return OutcomeSchema.parse({
    org_id: 1,
    project_id: 1,
    key_id: 1,
    outcome: "accepted",
    reason: null,
    category: "error",
    quantity: 1,
    ...o,
  });
}

/** Posts a signed `/internal/outcomes` batch and fails the test unless it is stored. */
export async function postOutcomes(h: Harness, outcomes: readonly Outcome[]): Promise<void> {
  const body = JSON.stringify({ outcomes });
  const res = await h.app.request("/internal/outcomes", { method: "POST", body, headers: signedHeaders(body) });
  if (res.status !== 200) throw new Error(`outcomes post failed: ${res.status} ${await res.text()}`);
}
