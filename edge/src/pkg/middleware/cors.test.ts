import { describe, expect, it } from "vitest";
import { envelope, nodeEvent } from "../../testutil/envelopes.ts";
import { newHarness, PROJECT_ID, sentryAuth } from "../../testutil/harness.ts";
import { eventId } from "../../testutil/records.ts";

const url = `/api/${PROJECT_ID}/envelope/`;

function expectCorsHeaders(res: Response) {
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  expect(
    res.headers
      .get("access-control-expose-headers")
      ?.split(",")
      .map((h) => h.trim()),
  ).toEqual(["x-sentry-error", "x-sentry-rate-limits", "retry-after"]);
}

describe("CORS", () => {
  it("answers a browser SDK's preflight", async () => {
    const h = newHarness();
    const res = await h.request(`${url}?sentry_key=abc&sentry_version=7`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(
      res.headers
        .get("access-control-allow-headers")
        ?.split(",")
        .map((h) => h.trim()),
    ).toEqual(["x-sentry-auth", "content-type", "content-encoding", "authorization"]);
    expect(h.backend.requests).toHaveLength(0);
  });

  it("marks successful responses readable from any origin", async () => {
    const h = newHarness();
    const res = await h.request(url, {
      method: "POST",
      body: envelope({}, [{ type: "event", payload: nodeEvent(eventId()) }]),
      headers: { origin: "https://app.example.com", "x-sentry-auth": sentryAuth() },
    });
    expect(res.status).toBe(200);
    expectCorsHeaders(res);
  });

  it("marks error responses readable too, so SDKs can see why", async () => {
    const h = newHarness();
    const res = await h.request(url, { method: "POST", body: "{}", headers: { origin: "https://app.example.com" } });
    expect(res.status).toBe(401);
    expectCorsHeaders(res);
    expect(res.headers.get("x-sentry-error")).toBe("missing authorization information");
  });
});
