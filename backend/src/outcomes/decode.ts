/**
 * @module
 * Decodes a `POST /internal/outcomes` body (DESIGN 3.2): JSON `OutcomesBatch` (`{"outcomes":
 * [...]}`, at most 10,000 entries), plain or `Content-Encoding: gzip`. The edge aggregates before
 * sending, so the whole batch is refused with the failing paths when any entry is invalid.
 */
import { err, ok, type Result } from "@breakwater/core/result";
import { type Outcome, OutcomesBatchSchema } from "@breakwater/core/schema";
import { type DecodeError, inflateBody } from "../ingest/decode.ts";

/** Inflated size cap: 10,000 outcomes of a few hundred bytes each, with headroom. */
export const MAX_OUTCOMES_BYTES = 16 * 1024 * 1024;

/** Most validation problems reported back. */
const MAX_CAUSES = 20;

/** Inflates (if gzip), parses and validates the batch. */
export async function decodeOutcomesBody(
  body: Uint8Array,
  encoding: string | undefined,
): Promise<Result<Outcome[], DecodeError>> {
  const text = await inflateBody(body, encoding, MAX_OUTCOMES_BYTES);
  if (!text.ok) return text;
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch {
    return err({ code: "invalid_body", causes: ["not valid JSON"] });
  }
  const parsed = OutcomesBatchSchema.safeParse(json);
  if (!parsed.success) {
    const causes = parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
    return err({ code: "invalid_body", causes: causes.slice(0, MAX_CAUSES) });
  }
  return ok(parsed.data.outcomes);
}
