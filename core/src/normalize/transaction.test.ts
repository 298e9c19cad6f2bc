import { describe, expect, it } from "vitest";
import { TransactionSchema } from "../schema/index.ts";
import { normalizeTransaction, UNLABELED_TRANSACTION } from "./transaction.ts";

const received = 1_714_557_600;
const TRACE = "771a43a4192642f0b136d5159a501700";
const SPAN = "b0e6f15b45c36b12";

function payload(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: "9ec79c33ec9942ab8353589fcb2e04dc",
    type: "transaction",
    transaction: "GET /checkout",
    start_timestamp: received - 2.5,
    timestamp: received - 1,
    contexts: { trace: { trace_id: TRACE, span_id: SPAN, op: "http.server", status: "ok" } },
    spans: [{ span_id: "a0e6f15b45c36b12", op: "db", start_timestamp: received - 2, timestamp: received - 1.5 }],
    measurements: { lcp: { value: 1200, unit: "millisecond" }, bad: { value: "x" } },
    ...over,
  };
}

describe("normalizeTransaction", () => {
  it("keeps a valid transaction, with the event normalization applied", () => {
    const result = normalizeTransaction(payload(), { received });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const t = result.value;
    expect(TransactionSchema.safeParse(t).success).toBe(true);
    expect(t.type).toBe("transaction");
    expect(t.level).toBe("info");
    expect(t.start_timestamp).toBe(received - 2.5);
    expect(t.timestamp).toBe(received - 1);
    expect(t.contexts.trace).toMatchObject({ trace_id: TRACE, span_id: SPAN, op: "http.server", status: "ok" });
    expect(t.spans).toHaveLength(1);
    expect(t.measurements).toEqual({ lcp: { value: 1200, unit: "millisecond" } });
    expect(t.tags).toContainEqual(["transaction", "GET /checkout"]);
  });

  it("moves the start with the end when the client clock drifts", () => {
    const drift = 2 * 3600;
    const result = normalizeTransaction(
      payload({ start_timestamp: received - drift - 3, timestamp: received - drift - 1 }),
      { received, sentAt: new Date((received - drift) * 1000).toISOString() },
    );
    expect(result.ok && result.value.timestamp - result.value.start_timestamp).toBe(2);
    expect(result.ok && Math.abs(result.value.timestamp - (received - 1))).toBeLessThan(0.01);
  });

  it("names an unnamed transaction as Relay does, and accepts UUID-form trace ids", () => {
    const dashed = "771a43a4-1926-42f0-b136-d5159a501700";
    const result = normalizeTransaction(
      payload({ transaction: undefined, contexts: { trace: { trace_id: dashed, span_id: SPAN.toUpperCase() } } }),
      { received },
    );
    expect(result.ok && result.value.transaction).toBe(UNLABELED_TRANSACTION);
    expect(result.ok && result.value.contexts.trace).toMatchObject({ trace_id: TRACE, span_id: SPAN, op: "default" });
  });

  it.each([
    [{ timestamp: undefined }, "missing_timestamp"],
    [{ start_timestamp: "yesterday" }, "missing_start_timestamp"],
    [{ start_timestamp: received }, "end_before_start"],
    [{ contexts: {} }, "missing_trace_context"],
    [{ contexts: { trace: { trace_id: "nope", span_id: SPAN } } }, "invalid_trace_id"],
    [{ contexts: { trace: { trace_id: TRACE } } }, "invalid_span_id"],
  ])("drops %j as %s", (over, error) => {
    expect(normalizeTransaction(payload(over), { received })).toEqual({ ok: false, error });
  });

  it("never throws on garbage", () => {
    for (const input of [null, 1, "x", [], { contexts: null }, { timestamp: 1, start_timestamp: 0, contexts: 5 }]) {
      expect(normalizeTransaction(input, { received }).ok).toBe(false);
    }
  });
});
