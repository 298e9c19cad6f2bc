/**
 * Inbound filters and PII scrubbing at the envelope endpoint: filtered events get 200, a `filtered`
 * outcome and never reach the queue or a quota; accepted events are queued already scrubbed.
 */
import type { ProjectConfig } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import { envelope, nodeEvent } from "../testutil/envelopes.ts";
import { newHarnessWithOwnKey, sentryAuth } from "../testutil/harness.ts";
import { eventId } from "../testutil/records.ts";

function harness(overrides: Partial<ProjectConfig>) {
  const { h, projectId, publicKey } = newHarnessWithOwnKey(overrides);
  const send = (event: Record<string, unknown>, headers: Record<string, string> = {}) =>
    h.request(`/api/${projectId}/envelope/`, {
      method: "POST",
      body: envelope({}, [{ type: "event", payload: event }]),
      headers: { "x-sentry-auth": sentryAuth(publicKey), ...headers },
    });
  return { h, send };
}

const filters = (over: Record<string, unknown>) => ({
  localhost: { isEnabled: false },
  browserExtensions: { isEnabled: false },
  webCrawlers: { isEnabled: false },
  legacyBrowsers: { isEnabled: false, options: [] },
  clientIps: { blacklistedIps: [] },
  errorMessages: { patterns: [] },
  releases: { releases: [] },
  ...over,
});

describe("inbound filters at the edge", () => {
  it("drops events from localhost with 200 and a filtered outcome", async () => {
    const { h, send } = harness({ filters: filters({ localhost: { isEnabled: true } }) });
    const res = await send(nodeEvent(eventId(), { request: { url: "http://localhost:3000/checkout" } }));
    expect(res.status).toBe(200);
    expect(h.queue.sent).toHaveLength(0);
    expect(h.outcomes.rows()).toContainEqual(
      expect.objectContaining({ outcome: "filtered", reason: "localhost", quantity: 1 }),
    );
  });

  it("drops web crawlers by the request's User-Agent", async () => {
    const { h, send } = harness({ filters: filters({ webCrawlers: { isEnabled: true } }) });
    const ua = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    expect((await send(nodeEvent(eventId()), { "user-agent": ua })).status).toBe(200);
    expect(h.queue.sent).toHaveLength(0);
    expect(h.outcomes.rows()[0]).toMatchObject({ outcome: "filtered", reason: "web-crawlers" });
  });

  it("drops by error-message and release globs", async () => {
    const { h, send } = harness({
      filters: filters({ errorMessages: { patterns: ["*ResizeObserver loop*"] }, releases: { releases: ["*-dev"] } }),
    });
    const resize = { values: [{ type: "Error", value: "ResizeObserver loop limit exceeded" }] };
    await send(nodeEvent(eventId(), { exception: resize }));
    await send(nodeEvent(eventId(), { release: "web@2.0.0-dev" }));
    await send(nodeEvent(eventId(), { release: "web@2.0.0" }));
    expect(h.queue.sent).toHaveLength(1);
    const reasons = h.outcomes
      .rows()
      .filter((r) => r.outcome === "filtered")
      .map((r) => r.reason);
    expect(reasons.sort()).toEqual(["error-message", "release-version"]);
  });

  it("a filtered event does not use up a quota", async () => {
    const quota = {
      id: "key_rate_limit",
      categories: [],
      scope: "key" as const,
      limit: 1,
      window: 60,
      reasonCode: "key_quota",
    };
    const { h, send } = harness({ quotas: [quota], filters: filters({ localhost: { isEnabled: true } }) });
    await send(nodeEvent(eventId(), { request: { url: "http://127.0.0.1/" } }));
    expect((await send(nodeEvent(eventId()))).status).toBe(200);
    expect(h.queue.sent).toHaveLength(1);
  });
});

describe("PII scrubbing at the edge", () => {
  it("queues events with passwords, cards, tokens and cookies already scrubbed", async () => {
    const { h, send } = harness({});
    const secrets = ["hunter2", "4111 1111 1111 1111", "4111111111111111", "eyJhbGciOiJIUzI1NiJ9.secret", "s3ss10n"];
    const event = nodeEvent(eventId(), {
      message: "payment with card 4111 1111 1111 1111 failed",
      extra: { password: "hunter2", note: "card 4111111111111111" },
      request: {
        url: "https://shop.example.com/pay",
        headers: { Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.secret", Cookie: "sessionid=s3ss10n; theme=dark" },
      },
    });
    expect((await send(event)).status).toBe(200);
    const queued = JSON.stringify(h.queue.sent);
    for (const secret of secrets) expect(queued).not.toContain(secret);
    expect(queued).toContain("[Filtered]");
  });

  it("keeps data when the project turned scrubbing off", async () => {
    const { h, send } = harness({
      pii: {
        scrubData: false,
        scrubDefaults: false,
        scrubIpAddresses: false,
        sensitiveFields: [],
        safeFields: [],
        rules: {},
        applications: {},
      },
    });
    await send(nodeEvent(eventId(), { extra: { password: "hunter2" } }));
    expect(JSON.stringify(h.queue.sent)).toContain("hunter2");
  });
});
