import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TransactionJson } from "../serializers/transaction.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { ingest } from "../testutil/ingest.ts";
import { transactionRecord } from "../testutil/records.ts";

let h: Harness;
const record = transactionRecord({ name: "GET /checkout" });

beforeAll(async () => {
  h = await createHarness();
  // Sent twice (an SDK retry): stored rows collapse, the API shows one.
  expect(await ingest(h, [record])).toMatchObject({ accepted: 1 });
  await ingest(h, [record]);
});
afterAll(async () => {
  await h?.close();
});

describe("transactions", () => {
  it("are served by the event details endpoint in Sentry's transaction shape", async () => {
    const res = await h.app.request(`/api/0/projects/default/default/events/${record.event.event_id}/`, {
      headers: h.auth,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TransactionJson;
    expect(body).toMatchObject({
      eventID: record.event.event_id,
      type: "transaction",
      title: "GET /checkout",
      duration: 1500,
      startTimestamp: record.event.start_timestamp,
      endTimestamp: record.event.timestamp,
      release: { version: "app@1.0.0" },
      measurements: { lcp: { value: 1234.5, unit: "millisecond" } },
      contexts: { trace: { trace_id: record.event.contexts.trace.trace_id, op: "http.server" } },
      entries: [{ type: "spans", data: [{ op: "db", description: "SELECT 1" }] }],
    });
    expect(body.tags).toContainEqual({ key: "route", value: "checkout" });
  });

  it("are stored with their promoted columns, duplicates collapsing on merge, and create no issue", async () => {
    await h.services.events.exec("OPTIMIZE TABLE transactions FINAL");
    const rows = await h.services.events.query(
      `SELECT transaction_name, transaction_op, transaction_status, duration_ms, span_count,
         measurements.key AS mk, trace_id FROM transactions WHERE project_id = 1`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      transaction_name: "GET /checkout",
      transaction_op: "http.server",
      transaction_status: "ok",
      span_count: 1,
      mk: ["lcp"],
      trace_id: record.event.contexts.trace.trace_id,
    });
    expect(Number((rows[0] as { duration_ms: unknown }).duration_ms)).toBe(1500);
    const issues = await h.app.request("/api/0/projects/default/default/issues/", { headers: h.auth });
    expect(await issues.json()).toEqual([]);
  });
});
