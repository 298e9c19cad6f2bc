import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness, type Harness, signedHeaders } from "../testutil/harness.ts";
import { outcome } from "../testutil/outcomes.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const MINUTE = Math.floor(Date.now() / 1000 / 60) * 60 - 600;

const post = (body: Uint8Array | string, headers: Record<string, string>) =>
  h.app.request("/internal/outcomes", { method: "POST", body, headers });

const SumRowSchema = z.object({
  outcome: z.string(),
  reason: z.string(),
  category: z.string(),
  ts: z.coerce.number(),
  total: z.coerce.number(),
});

/** Everything stored for org 7, summed as every reader must (SummingMergeTree merges lazily). */
async function stored() {
  return h.services.events.query(
    `SELECT outcome, reason, category, toUnixTimestamp(timestamp) AS ts, sum(quantity) AS total
     FROM outcomes WHERE org_id = 7 GROUP BY outcome, reason, category, ts ORDER BY outcome, reason, ts`,
    SumRowSchema,
  );
}

describe("POST /internal/outcomes", () => {
  const body = JSON.stringify({ outcomes: [outcome({ timestamp: MINUTE, org_id: 7 })] });

  it("requires a valid signature (401) and stores nothing without one", async () => {
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, signedHeaders(body, { secret: "wrong" }))).status).toBe(401);
    const stale = signedHeaders(body, { now: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(body, stale)).status).toBe(401);
    expect((await post(`${body} `, signedHeaders(body))).status).toBe(401);
    expect(await stored()).toEqual([]);
  });

  it("inserts a batch and sums repeated keys, with the minute as timestamp", async () => {
    const batch = JSON.stringify({
      outcomes: [
        outcome({ timestamp: MINUTE, org_id: 7, quantity: 3 }),
        outcome({ timestamp: MINUTE, org_id: 7, quantity: 4 }),
        outcome({ timestamp: MINUTE + 59, org_id: 7, quantity: 1 }),
        outcome({ timestamp: MINUTE, org_id: 7, outcome: "rate_limited", reason: "key_quota", quantity: 2 }),
        outcome({ timestamp: MINUTE + 60, org_id: 7, outcome: "filtered", reason: "browser-extensions" }),
      ],
    });
    const res = await post(batch, signedHeaders(batch));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 5 });
    expect(await stored()).toEqual([
      { outcome: "accepted", reason: "", category: "error", ts: MINUTE, total: 8 },
      { outcome: "filtered", reason: "browser-extensions", category: "error", ts: MINUTE + 60, total: 1 },
      { outcome: "rate_limited", reason: "key_quota", category: "error", ts: MINUTE, total: 2 },
    ]);
  });

  it("accepts gzip bodies signed over the compressed bytes", async () => {
    const gz = gzipSync(JSON.stringify({ outcomes: [outcome({ timestamp: MINUTE, org_id: 7, quantity: 10 })] }));
    const res = await post(gz, { ...signedHeaders(gz), "Content-Encoding": "gzip" });
    expect(res.status).toBe(200);
    const accepted = (await stored()).find((r) => r.outcome === "accepted");
    expect(accepted?.total).toBe(18);
  });

  it("accepts an empty batch", async () => {
    const empty = JSON.stringify({ outcomes: [] });
    const res = await post(empty, signedHeaders(empty));
    expect(await res.json()).toEqual({ stored: 0 });
  });

  it("refuses an invalid batch whole with 400 and the failing paths", async () => {
    const bad = JSON.stringify({
      outcomes: [
        outcome({ timestamp: MINUTE, org_id: 7, quantity: 1000 }),
        { ...outcome({ timestamp: MINUTE, org_id: 7 }), outcome: "lost" },
      ],
    });
    const res = await post(bad, signedHeaders(bad));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      detail: "Invalid outcomes batch",
      causes: [expect.stringContaining("outcomes.1.outcome")],
    });
    const notJson = "{";
    expect((await post(notJson, signedHeaders(notJson))).status).toBe(400);
    expect((await stored()).find((r) => r.outcome === "accepted")?.total).toBe(18);
  });

  it("answers 415 for an unknown encoding and 400 for broken gzip", async () => {
    expect((await post(body, { ...signedHeaders(body), "Content-Encoding": "br" })).status).toBe(415);
    expect((await post(body, { ...signedHeaders(body), "Content-Encoding": "gzip" })).status).toBe(400);
  });
});
