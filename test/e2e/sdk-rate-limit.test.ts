/**
 * Quotas end to end: an owner sets a DSN key's rate limit through Sentry's key API; the edge enforces
 * it with a 429 and `X-Sentry-Rate-Limits`; the real SDK's transport (`createTransport` from
 * @sentry/node, the one every Sentry SDK client uses) then stops sending for the announced time; and
 * the refusals show up in `stats_v2` as `rate_limited` with their reason.
 */
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestStack, type TestStack } from "./harness.ts";

interface ApiKey {
  id: string;
  rateLimit: { window: number; count: number } | null;
  dsn: { public: string };
}
interface StatsV2 {
  groups: Array<{ by: Record<string, string>; totals: Record<string, number> }>;
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

/** A client whose transport counts the HTTP requests it really makes, and their statuses. */
function countingClient(dsn: string) {
  const statuses: number[] = [];
  const transport: NonNullable<Sentry.NodeOptions["transport"]> = (options) =>
    Sentry.createTransport(options, async (request) => {
      const res = await fetch(options.url, { method: "POST", body: request.body });
      statuses.push(res.status);
      return {
        statusCode: res.status,
        headers: {
          "x-sentry-rate-limits": res.headers.get("x-sentry-rate-limits"),
          "retry-after": res.headers.get("retry-after"),
        },
      };
    });
  const client = new Sentry.NodeClient({
    dsn,
    transport,
    stackParser: Sentry.defaultStackParser,
    integrations: [],
    sendClientReports: false,
  });
  const scope = new Sentry.Scope();
  scope.setClient(client);
  client.init();
  const capture = async (message: string) => {
    scope.captureException(new Error(message));
    await client.flush(5_000);
  };
  return { statuses, capture };
}

describe("key rate limit → 429 → SDK backs off", () => {
  it("enforces a key's rate limit set through the API, and the SDK honours X-Sentry-Rate-Limits", async () => {
    const created = await stack.api<ApiKey>("/api/0/projects/default/default/keys/", {
      method: "POST",
      body: JSON.stringify({ name: "limited" }),
    });
    expect(created.status).toBe(201);
    const updated = await stack.api<ApiKey>(`/api/0/projects/default/default/keys/${created.body.id}/`, {
      method: "PUT",
      body: JSON.stringify({ rateLimit: { window: 60, count: 1 } }),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.rateLimit).toEqual({ window: 60, count: 1 });

    const sdk = countingClient(created.body.dsn.public.replace(/@[^/]+/, `@${new URL(stack.edgeUrl).host}`));
    await sdk.capture("first, within the limit");
    await sdk.capture("second, over the limit");
    expect(sdk.statuses).toEqual([200, 429]);

    // The transport now drops events locally until the window ends: no further requests.
    await sdk.capture("third, held back by the SDK");
    await sdk.capture("fourth, held back by the SDK");
    expect(sdk.statuses).toEqual([200, 429]);

    const stats = await eventually(async () => {
      const res = await stack.api<StatsV2>(
        "/api/0/organizations/default/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=reason&category=error&statsPeriod=1h&interval=1h",
      );
      const limited = res.body.groups?.find((g) => g.by.outcome === "rate_limited");
      return limited ? res.body : undefined;
    });
    const limited = stats.groups.find((g) => g.by.outcome === "rate_limited");
    expect(limited?.by.reason).toBe("key_quota");
    expect(limited?.totals["sum(quantity)"]).toBe(1);
  });
});
