/**
 * One auth suite for every `/api/0` route (STYLE e: shared route tests): no token → 401, unknown
 * token → 401, another organization's token → 404 for everything of organization `default`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processBatch } from "../pipeline/process-batch.ts";
import type { IssueJson } from "../serializers/issue.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { errorRecord } from "../testutil/records.ts";

let h: Harness;
let other: Awaited<ReturnType<typeof createOtherOrg>>;
let issue: IssueJson;
const eventId = "5".repeat(32);

beforeAll(async () => {
  h = await createHarness();
  other = await createOtherOrg(h.services.db);
  await processBatch({ db: h.services.db, events: h.services.events }, [errorRecord({ type: "Auth", eventId })]);
  const res = await h.app.request("/api/0/projects/default/default/issues/", { headers: h.auth });
  [issue] = (await res.json()) as [IssueJson];
});
afterAll(async () => {
  await h?.close();
});

type Route = { method: "GET" | "PUT"; path: () => string; body?: unknown };
const ROUTES: Route[] = [
  { method: "GET", path: () => "/api/0/projects/default/default/issues/" },
  { method: "GET", path: () => `/api/0/issues/${issue.id}/` },
  { method: "GET", path: () => `/api/0/issues/${issue.shortId}/` },
  { method: "PUT", path: () => `/api/0/issues/${issue.id}/`, body: { status: "resolved" } },
  { method: "GET", path: () => `/api/0/issues/${issue.id}/events/` },
  { method: "GET", path: () => `/api/0/issues/${issue.id}/events/latest/` },
  { method: "GET", path: () => `/api/0/projects/default/default/events/${eventId}/` },
];

function call(route: Route, headers: Record<string, string>) {
  return h.app.request(route.path(), {
    method: route.method,
    headers: { ...headers, "Content-Type": "application/json" },
    ...(route.body ? { body: JSON.stringify(route.body) } : {}),
  });
}

describe.each(ROUTES)("$method route %#", (route) => {
  it("answers 401 without a token", async () => {
    const res = await call(route, {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: "Authentication credentials were not provided." });
  });

  it("answers 401 for an unknown or malformed token", async () => {
    expect((await call(route, { Authorization: `Bearer ${"c".repeat(64)}` })).status).toBe(401);
    expect((await call(route, { Authorization: "Basic Zm9vOmJhcg==" })).status).toBe(401);
  });

  it("answers 404 to another organization's token", async () => {
    const res = await call(route, other.auth);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ detail: "The requested resource does not exist" });
  });
});

describe("organization isolation", () => {
  it("lets the other organization read its own (empty) project but not default's", async () => {
    const own = await h.app.request("/api/0/projects/other/other-project/issues/", { headers: other.auth });
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual([]);
    // The default token cannot read the other organization either.
    const foreign = await h.app.request("/api/0/projects/other/other-project/issues/", { headers: h.auth });
    expect(foreign.status).toBe(404);
  });

  it("leaves the issue untouched after the foreign PUT", async () => {
    const res = await h.app.request(`/api/0/issues/${issue.id}/`, { headers: h.auth });
    expect(await res.json()).toMatchObject({ status: "unresolved" });
  });
});
