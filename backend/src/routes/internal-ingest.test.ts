import { gzipSync } from "node:zlib";
import { IngestResponseSchema } from "@breakwater/core/schema";
import { signRequest } from "@breakwater/core/signature";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { issues } from "../db/schema/index.ts";
import { createHarness, type Harness, signedHeaders, TEST_SECRET } from "../testutil/harness.ts";
import { errorRecord, ndjson } from "../testutil/records.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const post = (body: Uint8Array | string, headers: Record<string, string>) =>
  h.app.request("/internal/ingest", { method: "POST", body, headers });

describe("POST /internal/ingest signature", () => {
  const body = ndjson([errorRecord({ type: "Sig", value: "s" })]);

  it("rejects an unsigned request with 401", async () => {
    const res = await post(body, {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: expect.stringContaining("Missing") });
  });

  it("rejects a stale signature with 401", async () => {
    const res = await post(body, signedHeaders(body, { now: Math.floor(Date.now() / 1000) - 301 }));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: expect.stringContaining("Stale") });
  });

  it("rejects a signature made with another secret with 401", async () => {
    const res = await post(body, signedHeaders(body, { secret: "not-the-secret" }));
    expect(res.status).toBe(401);
  });

  it("rejects a signature over different bytes with 401", async () => {
    const res = await post(`${body}\n`, signedHeaders(body));
    expect(res.status).toBe(401);
  });

  it("rejects a malformed header with 401", async () => {
    const res = await post(body, { "X-Breakwater-Signature": "t=abc, v1=zz" });
    expect(res.status).toBe(401);
  });

  it("accepts a valid signature and stores the batch", async () => {
    const res = await post(body, signedHeaders(body));
    expect(res.status).toBe(200);
    expect(IngestResponseSchema.parse(await res.json())).toEqual({ accepted: 1, duplicates: 0 });
    const [issue] = await h.services.db.select().from(issues).where(eq(issues.title, "Sig: s"));
    expect(issue?.timesSeen).toBe(1);
  });

  it("refuses a replay of an accepted signature with 401, and takes a re-signed retry", async () => {
    const replayed = ndjson([errorRecord({ type: "Replay", value: "r" })]);
    const headers = signedHeaders(replayed);
    expect((await post(replayed, headers)).status).toBe(200);
    const again = await post(replayed, headers);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ detail: expect.stringContaining("replayed") });
    // The edge signs every attempt afresh (new nonce), so its retries are not replays.
    const retry = await post(replayed, signedHeaders(replayed));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ accepted: 0, duplicates: 1 });
  });
});

describe("POST /internal/ingest body", () => {
  it("accepts gzip NDJSON, signed over the compressed bytes, and dedupes a resent batch", async () => {
    const records = [errorRecord({ type: "Gz", value: "g" }), errorRecord({ type: "Gz", value: "g" })];
    const gz = gzipSync(ndjson(records));
    const headers = () => ({ ...signedHeaders(gz), "Content-Encoding": "gzip" });
    const first = await post(gz, headers());
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0 });
    const again = await post(gz, headers());
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 2 });
  });

  it("refuses a gzip body signed over the decompressed bytes", async () => {
    const text = ndjson([errorRecord()]);
    const res = await post(gzipSync(text), { ...signedHeaders(text), "Content-Encoding": "gzip" });
    expect(res.status).toBe(401);
  });

  it("answers 400 with line details for invalid records", async () => {
    const good = JSON.stringify(errorRecord());
    const body = `${good}\n{"project_id": 1}\nnot json\n`;
    const res = await post(body, signedHeaders(body));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { detail: string; causes: string[] };
    expect(json.detail).toBe("Invalid ingest records");
    expect(json.causes[0]).toMatch(/^line 2: /);
    expect(json.causes[1]).toBe("line 3: not valid JSON");
  });

  it("answers 400 for a corrupt gzip body and 415 for an unknown encoding", async () => {
    const junk = "not gzip at all";
    const bad = await post(junk, { ...signedHeaders(junk), "Content-Encoding": "gzip" });
    expect(bad.status).toBe(400);
    const br = await post(junk, { ...signedHeaders(junk), "Content-Encoding": "br" });
    expect(br.status).toBe(415);
  });

  it("accepts an empty batch", async () => {
    const res = await post("", signedHeaders(""));
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 0 });
  });

  it("uses the shared secret exactly as configured", () => {
    expect(signRequest(TEST_SECRET, "x", 1)).toMatch(/^t=1, n=[0-9a-f]{32}, v1=[0-9a-f]{64}$/);
  });
});

describe("POST /internal/ingest when storage is down", () => {
  it("answers 503 (retryable) with a JSON detail, not 500, and acknowledges nothing", async () => {
    const down = createApp({
      ...h.services,
      pipeline: {
        process: async () => {
          throw new Error("connect ECONNREFUSED 127.0.0.1:8123");
        },
      },
    });
    const body = ndjson([errorRecord({ type: "Down", value: "d" })]);
    const res = await down.request("/internal/ingest", { method: "POST", body, headers: signedHeaders(body) });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ detail: expect.stringContaining("retry") });
    const stored = await h.services.db.select().from(issues).where(eq(issues.title, "Down: d"));
    expect(stored).toEqual([]);
  });
});
