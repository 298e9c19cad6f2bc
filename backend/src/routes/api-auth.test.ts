/**
 * One auth suite for every `/api/0` route (STYLE e: shared route tests): no token → 401, unknown
 * token → 401, another organization's token → 404 for everything of organization `default`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processBatch } from "../pipeline/process-batch.ts";
import type { IssueJson } from "../serializers/issue.ts";
import { apiJson } from "../testutil/alert-api.ts";
import { createHarness, type Harness, TEST_PUBLIC_KEY } from "../testutil/harness.ts";
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
  const rule = await apiJson<{ id: string }>(h, "POST", "/api/0/projects/default/default/rules/", ISSUE_RULE);
  const metric = await apiJson<{ id: string }>(h, "POST", "/api/0/organizations/default/alert-rules/", METRIC_RULE);
  ruleId = rule.body.id;
  metricRuleId = metric.body.id;
});
afterAll(async () => {
  await h?.close();
});

let ruleId: string;
let metricRuleId: string;
const ISSUE_RULE = {
  name: "r",
  conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
  actions: [{ id: "webhook", url: "http://127.0.0.1:9/hook" }],
};
const METRIC_RULE = {
  name: "m",
  aggregate: "count()",
  timeWindow: 5,
  projects: ["default"],
  triggers: [{ label: "critical", alertThreshold: 1 }],
};
const RULES = "/api/0/projects/default/default/rules/";
const METRIC_RULES = "/api/0/organizations/default/alert-rules/";

type Route = { method: "GET" | "PUT" | "POST" | "DELETE"; path: () => string; body?: unknown };
const KEY = `/api/0/projects/default/default/keys/${TEST_PUBLIC_KEY}/`;
const QUOTA = { id: "q", limit: 1, window: 60, reasonCode: "r" };
const PROJECT_PATCH = {
  slug: "stolen",
  dataScrubber: false,
  sensitiveFields: ["x"],
  relayPiiConfig: JSON.stringify({ applications: { $string: ["@anything:remove"] } }),
  options: { "filters:blacklisted_ips": "0.0.0.0/0", "filters:releases": "*" },
};
const ROUTES: Route[] = [
  { method: "GET", path: () => "/api/0/projects/default/default/issues/" },
  { method: "PUT", path: () => `/api/0/projects/default/default/issues/?id=${issue.id}`, body: { status: "resolved" } },
  { method: "GET", path: () => "/api/0/organizations/default/projects/" },
  { method: "GET", path: () => `/api/0/issues/${issue.id}/` },
  { method: "GET", path: () => `/api/0/issues/${issue.shortId}/` },
  { method: "PUT", path: () => `/api/0/issues/${issue.id}/`, body: { status: "resolved" } },
  { method: "GET", path: () => `/api/0/issues/${issue.id}/events/` },
  { method: "GET", path: () => `/api/0/issues/${issue.id}/events/latest/` },
  { method: "GET", path: () => `/api/0/projects/default/default/events/${eventId}/` },
  { method: "GET", path: () => "/api/0/projects/default/default/keys/" },
  { method: "POST", path: () => "/api/0/projects/default/default/keys/", body: { name: "intruder" } },
  { method: "GET", path: () => KEY },
  { method: "PUT", path: () => KEY, body: { isActive: false, rateLimit: { window: 1, count: 1 } } },
  { method: "DELETE", path: () => KEY },
  { method: "GET", path: () => "/api/0/projects/default/default/quotas/" },
  { method: "PUT", path: () => "/api/0/projects/default/default/quotas/", body: { quotas: [QUOTA] } },
  { method: "GET", path: () => "/api/0/organizations/default/quotas/" },
  { method: "PUT", path: () => "/api/0/organizations/default/quotas/", body: { quotas: [QUOTA] } },
  { method: "GET", path: () => "/api/0/projects/default/default/spike-protection/" },
  { method: "PUT", path: () => "/api/0/projects/default/default/spike-protection/", body: { enabled: false } },
  { method: "GET", path: () => "/api/0/organizations/default/stats_v2/?field=sum(quantity)&category=error" },
  { method: "GET", path: () => "/api/0/projects/default/default/" },
  { method: "PUT", path: () => "/api/0/projects/default/default/", body: PROJECT_PATCH },
  { method: "GET", path: () => "/api/0/projects/default/default/filters/" },
  { method: "PUT", path: () => "/api/0/projects/default/default/filters/localhost/", body: { active: true } },
  {
    method: "PUT",
    path: () => "/api/0/projects/default/default/filters/legacy-browsers/",
    body: { subfilters: ["ie9"] },
  },
  { method: "GET", path: () => RULES },
  { method: "POST", path: () => RULES, body: ISSUE_RULE },
  { method: "GET", path: () => `${RULES}${ruleId}/` },
  { method: "PUT", path: () => `${RULES}${ruleId}/`, body: ISSUE_RULE },
  { method: "DELETE", path: () => `${RULES}${ruleId}/` },
  { method: "GET", path: () => `${RULES}${ruleId}/history/` },
  { method: "GET", path: () => `${RULES}${ruleId}/group-history/` },
  { method: "POST", path: () => `${RULES}test-fire-actions/`, body: { actions: ISSUE_RULE.actions } },
  { method: "GET", path: () => METRIC_RULES },
  { method: "POST", path: () => METRIC_RULES, body: METRIC_RULE },
  { method: "GET", path: () => `${METRIC_RULES}${metricRuleId}/` },
  { method: "PUT", path: () => `${METRIC_RULES}${metricRuleId}/`, body: METRIC_RULE },
  { method: "DELETE", path: () => `${METRIC_RULES}${metricRuleId}/` },
  { method: "GET", path: () => `${METRIC_RULES}${metricRuleId}/evaluations/` },
  { method: "GET", path: () => `${METRIC_RULES}${metricRuleId}/history/` },
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

  it("leaves alert rules untouched after the foreign writes", async () => {
    expect((await apiJson<unknown[]>(h, "GET", RULES)).body).toMatchObject([{ id: ruleId, name: "r" }]);
    expect((await apiJson<unknown[]>(h, "GET", METRIC_RULES)).body).toMatchObject([{ id: metricRuleId, name: "m" }]);
  });

  it("leaves the issue untouched after the foreign PUT", async () => {
    const res = await h.app.request(`/api/0/issues/${issue.id}/`, { headers: h.auth });
    expect(await res.json()).toMatchObject({ status: "unresolved" });
  });

  it("leaves keys, quotas and spike protection untouched after the foreign writes", async () => {
    const keys = await h.app.request("/api/0/projects/default/default/keys/", { headers: h.auth });
    expect(await keys.json()).toEqual([
      expect.objectContaining({ id: TEST_PUBLIC_KEY, isActive: true, rateLimit: null }),
    ]);
    for (const path of ["/api/0/projects/default/default/quotas/", "/api/0/organizations/default/quotas/"]) {
      expect(await (await h.app.request(path, { headers: h.auth })).json()).toEqual({ quotas: [] });
    }
    const spike = await h.app.request("/api/0/projects/default/default/spike-protection/", { headers: h.auth });
    expect(await spike.json()).toMatchObject({ enabled: true });
  });

  it("leaves the project, its filters and its scrubbing untouched after the foreign writes", async () => {
    const details = await h.app.request("/api/0/projects/default/default/", { headers: h.auth });
    expect(details.status).toBe(200);
    expect(await details.json()).toMatchObject({
      slug: "default",
      dataScrubber: true,
      sensitiveFields: [],
      relayPiiConfig: null,
      options: { "filters:blacklisted_ips": "", "filters:releases": "" },
    });
    const filters = await h.app.request("/api/0/projects/default/default/filters/", { headers: h.auth });
    for (const f of (await filters.json()) as { active: unknown }[]) expect(f.active).toBe(false);
  });

  it("lets each organization read only its own project details and filters", async () => {
    for (const suffix of ["", "filters/"]) {
      const own = `/api/0/projects/other/other-project/${suffix}`;
      expect((await h.app.request(own, { headers: other.auth })).status).toBe(200);
      expect((await h.app.request(own, { headers: h.auth })).status).toBe(404);
    }
  });

  it("answers 403 to stats_v2 for another organization's project id, both ways", async () => {
    const q = (org: string, project: number) =>
      `/api/0/organizations/${org}/stats_v2/?field=sum(quantity)&category=error&project=${project}`;
    expect((await h.app.request(q("default", other.projectId), { headers: h.auth })).status).toBe(403);
    expect((await h.app.request(q("other", 1), { headers: other.auth })).status).toBe(403);
    expect((await h.app.request(q("other", other.projectId), { headers: other.auth })).status).toBe(200);
  });

  it("lets the other organization manage only its own keys and quotas", async () => {
    const own = await h.app.request("/api/0/projects/other/other-project/keys/", { headers: other.auth });
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual([]);
    const foreign = await h.app.request("/api/0/projects/other/other-project/quotas/", { headers: h.auth });
    expect(foreign.status).toBe(404);
    const orgQuotas = await h.app.request("/api/0/organizations/other/quotas/", { headers: other.auth });
    expect(orgQuotas.status).toBe(200);
  });
});
