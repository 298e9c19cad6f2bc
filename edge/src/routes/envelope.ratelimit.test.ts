/**
 * Quotas and spike protection at the envelope and store endpoints, against the real QuotaDO:
 * 429 with `Retry-After` and `X-Sentry-Rate-Limits`, accepted items still queued, outcomes counted.
 */
import { parseRateLimits } from "@breakwater/core/protocol";
import type { ProjectConfig } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import { envelope, nodeEvent } from "../testutil/envelopes.ts";
import { newHarnessWithOwnKey, sentryAuth } from "../testutil/harness.ts";
import { eventId } from "../testutil/records.ts";

function limitedHarness(overrides: Partial<ProjectConfig>) {
  // A fixed clock: a 60 s window must not roll over between two sends of one test.
  const { h, keyId, projectId, publicKey } = newHarnessWithOwnKey(overrides, { now: () => 1_800_000_030_000 });
  const send = (events: number, path = "envelope") => {
    const items = Array.from({ length: events }, () => ({ type: "event", payload: nodeEvent(eventId()) }));
    const body =
      path === "envelope" ? envelope({}, items) : new TextEncoder().encode(JSON.stringify(nodeEvent(eventId())));
    return h.request(`/api/${projectId}/${path}/`, {
      method: "POST",
      body,
      headers: { "x-sentry-auth": sentryAuth(publicKey) },
    });
  };
  return { h, send, keyId, projectId };
}

const keyRateLimit = (count: number) => ({
  id: "key_rate_limit",
  categories: [],
  scope: "key" as const,
  limit: count,
  window: 60,
  reasonCode: "key_quota",
});

describe("rate limiting at the edge", () => {
  it("answers 429 with Retry-After and X-Sentry-Rate-Limits once a key's rate limit is used up", async () => {
    const { h, send, keyId } = limitedHarness({ quotas: [keyRateLimit(2)] });
    expect((await send(1)).status).toBe(200);
    expect((await send(1)).status).toBe(200);
    const limited = await send(1);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(parseRateLimits(limited.headers.get("x-sentry-rate-limits") ?? "")).toEqual([
      { retryAfter, categories: [], scope: "key", reasonCode: "key_quota" },
    ]);
    expect(limited.headers.get("x-sentry-error")).toContain("key_quota");
    expect(h.queue.sent).toHaveLength(2);
    const rows = h.outcomes.rows();
    const total = (outcome: string) =>
      rows.filter((r) => r.outcome === outcome && r.key_id === keyId).reduce((n, r) => n + r.quantity, 0);
    expect(total("accepted")).toBe(2);
    expect(total("rate_limited")).toBe(1);
    expect(rows.find((r) => r.outcome === "rate_limited")?.reason).toBe("key_quota");
  });

  it("keeps answering 429 from the isolate without new events reaching the queue", async () => {
    const { h, send } = limitedHarness({ quotas: [keyRateLimit(1)] });
    await send(1);
    for (let i = 0; i < 20; i++) expect((await send(1)).status).toBe(429);
    expect(h.queue.sent).toHaveLength(1);
  });

  it("limit 0 refuses everything in its categories and lists them", async () => {
    const quota = {
      id: "no_errors",
      categories: ["error" as const],
      scope: "project" as const,
      limit: 0,
      window: 3600,
      reasonCode: "disabled",
    };
    const { h, send } = limitedHarness({ quotas: [quota] });
    const res = await send(1);
    expect(res.status).toBe(429);
    expect(res.headers.get("x-sentry-rate-limits")).toMatch(/^\d+:error:project:disabled$/);
    expect(h.queue.sent).toHaveLength(0);
  });

  it("queues the accepted items of a partly limited envelope and still answers 429", async () => {
    const { h, send } = limitedHarness({ quotas: [keyRateLimit(1)] });
    const res = await send(3);
    expect(res.status).toBe(429);
    expect(h.queue.sent).toHaveLength(1);
  });

  it("all quotas must have room: a full project quota refuses even when the key has room", async () => {
    const project = {
      id: "p",
      categories: [],
      scope: "project" as const,
      limit: 1,
      window: 60,
      reasonCode: "project_quota",
    };
    const { h, send } = limitedHarness({ quotas: [keyRateLimit(100), project] });
    expect((await send(1)).status).toBe(200);
    const res = await send(1);
    expect(res.status).toBe(429);
    expect(res.headers.get("x-sentry-rate-limits")).toMatch(/^\d+::project:project_quota$/);
    expect(h.queue.sent).toHaveLength(1);
  });

  it("spike protection caps a project at max(floor, multiplier × baseline) per hour", async () => {
    const { h, send } = limitedHarness({ spikeProtection: { enabled: true, floor: 3, multiplier: 2 } });
    for (let i = 0; i < 3; i++) expect((await send(1)).status).toBe(200);
    const res = await send(1);
    expect(res.status).toBe(429);
    const [limit] = parseRateLimits(res.headers.get("x-sentry-rate-limits") ?? "");
    expect(limit).toMatchObject({ scope: "project", reasonCode: "spike_protection" });
    expect(limit?.categories).toEqual(expect.arrayContaining(["error", "default", "security"]));
    expect(limit?.retryAfter).toBeLessThanOrEqual(3600);
    expect(h.outcomes.rows().find((r) => r.outcome === "rate_limited")?.reason).toBe("spike_protection");
  });

  it("spike protection switched off lets the flood through", async () => {
    const { h, send } = limitedHarness({ spikeProtection: { enabled: false, floor: 1, multiplier: 1 } });
    for (let i = 0; i < 5; i++) expect((await send(1)).status).toBe(200);
    expect(h.queue.sent).toHaveLength(5);
  });

  it("limits the store endpoint the same way", async () => {
    const { h, send } = limitedHarness({ quotas: [keyRateLimit(1)] });
    expect((await send(1, "store")).status).toBe(200);
    const res = await send(1, "store");
    expect(res.status).toBe(429);
    expect(res.headers.get("x-sentry-rate-limits")).toMatch(/:key:key_quota$/);
    expect(h.queue.sent).toHaveLength(1);
  });
});
