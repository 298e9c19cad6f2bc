/**
 * Organization isolation over EVERY route (issue 9): the route list comes from the Hono app itself
 * (`app.routes`), so a route added later is attacked too without anyone editing this file. For each
 * `/api/0` route, organization A's API token calls it with organization B's ids substituted into the
 * path params; the answer must be 403/404 (or a 400 that never reached B's data), must not mention
 * any of B's identifiers, and afterwards everything B can read through the API is unchanged.
 *
 * A route whose path param the table below cannot fill fails the test: new kinds of ids must be
 * added here deliberately, with a value of organization B.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ADMIN_EMAIL } from "../bootstrap/constants.ts";
import { projectKeys } from "../db/schema/index.ts";
import { processBatch } from "../pipeline/process-batch.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { attachmentRecords, errorRecord, newEventId, sessionRecord } from "../testutil/records.ts";

let h: Harness;
let b: Awaited<ReturnType<typeof createOtherOrg>>;
/** Organization B's value for every path param we know. */
let params: Record<string, string>;
/** Strings that identify B's data: none may appear in an answer to A. */
let secrets: string[];

const B_KEY = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
const B_EVENT = newEventId();
const B_TITLE = "IsolationSecretError";
const B_RULE = {
  name: "IsolationSecretRule",
  conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
  actions: [{ id: "webhook", url: "http://127.0.0.1:9/b" }],
};
const B_METRIC_RULE = {
  name: "IsolationSecretMetric",
  aggregate: "count()",
  timeWindow: 5,
  projects: ["other-project"],
  triggers: [{ label: "critical", alertThreshold: 1 }],
};

beforeAll(async () => {
  h = await createHarness();
  b = await createOtherOrg(h.services.db);
  await h.services.db.insert(projectKeys).values({ projectId: b.projectId, publicKey: B_KEY, label: "b" });
  const bAttachment = attachmentRecords(new TextEncoder().encode("b's file"), {
    eventId: B_EVENT,
    projectId: b.projectId,
  });
  await processBatch({ db: h.services.db, events: h.services.events }, [
    errorRecord({ type: B_TITLE, value: "only b may see this", eventId: B_EVENT, projectId: b.projectId }),
    ...bAttachment,
    sessionRecord({ release: "b-release@1", sessions: 3 }, b.projectId),
  ]);
  // B's alert rules: an issue rule and a metric rule, both id 1 in this fresh database (A has none),
  // so one `:ruleId` value serves both kinds of rule routes.
  const rule = await h.app.request("/api/0/projects/other/other-project/rules/", {
    method: "POST",
    headers: { ...b.auth, "Content-Type": "application/json" },
    body: JSON.stringify(B_RULE),
  });
  const metric = await h.app.request("/api/0/organizations/other/alert-rules/", {
    method: "POST",
    headers: { ...b.auth, "Content-Type": "application/json" },
    body: JSON.stringify(B_METRIC_RULE),
  });
  const ruleIds = [((await rule.json()) as { id: string }).id, ((await metric.json()) as { id: string }).id];
  if (ruleIds[0] !== "1" || ruleIds[1] !== "1") throw new Error(`B's rules are not both id 1: ${ruleIds}`);
  const res = await h.app.request("/api/0/projects/other/other-project/issues/", { headers: b.auth });
  const [issue] = (await res.json()) as { id: string; shortId: string }[];
  if (!issue) throw new Error("organization B has no issue");
  params = {
    org: "other",
    project: "other-project",
    issueId: issue.id,
    eventId: B_EVENT,
    keyId: B_KEY,
    filterId: "localhost",
    key: "browser",
    attachmentId: bAttachment[0]?.attachment.attachment_id ?? "",
    ruleId: "1",
  };
  secrets = [
    B_KEY,
    B_EVENT,
    B_TITLE,
    "other-project",
    issue.shortId,
    "b-release@1",
    params.attachmentId ?? "",
    B_RULE.name,
    B_METRIC_RULE.name,
  ];
});
afterAll(async () => {
  await h?.close();
});

interface Route {
  method: string;
  path: string;
}

/**
 * Routes that name no resource: they answer about the caller itself (who am I, my organizations,
 * log in / out), so another organization cannot be addressed through them. They are checked
 * separately: whatever they answer must not contain the other organization's identifiers.
 */
const CALLER_SCOPED = new Set([
  "GET /api/0/auth",
  "DELETE /api/0/auth",
  "POST /api/0/auth/login",
  "GET /api/0/organizations",
]);

/** Every concrete `/api/0` route of the app that addresses a resource (middleware entries are `ALL`). */
function apiRoutes(): Route[] {
  const seen = new Map<string, Route>();
  for (const r of h.app.routes) {
    if (r.method === "ALL" || !r.path.startsWith("/api/0/")) continue;
    if (CALLER_SCOPED.has(`${r.method} ${r.path}`)) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

/** Query strings a route needs to get past validation (so the authorization check is what answers). */
const QUERY: Record<string, string> = {
  "/api/0/organizations/:org/stats_v2": "field=sum(quantity)&category=error&statsPeriod=24h",
  "/api/0/organizations/:org/sessions": "field=sum(session)&groupBy=release&statsPeriod=24h",
};

const QUOTA = { id: "q", scope: "project", categories: [], limit: 1, window: 60, reasonCode: "r" };
/** Valid bodies for the writes we know; others get `{}` (and may answer 400: nothing was reached). */
const BODIES: Record<string, unknown> = {
  "PUT /api/0/issues/:issueId": { status: "resolved" },
  "PUT /api/0/projects/:org/:project/issues": { status: "resolved" },
  "POST /api/0/projects/:org/:project/keys": { name: "intruder" },
  "PUT /api/0/projects/:org/:project/keys/:keyId": { isActive: false, rateLimit: { window: 1, count: 1 } },
  "PUT /api/0/projects/:org/:project/quotas": { quotas: [QUOTA] },
  "PUT /api/0/organizations/:org/quotas": { quotas: [{ ...QUOTA, scope: "organization" }] },
  "PUT /api/0/projects/:org/:project/spike-protection": { enabled: false },
  "PUT /api/0/projects/:org/:project": { slug: "stolen", dataScrubber: false },
  "PUT /api/0/projects/:org/:project/filters/:filterId": { active: true },
  "POST /api/0/projects/:org/:project/rules": { ...B_RULE, name: "intruder" },
  "PUT /api/0/projects/:org/:project/rules/:ruleId{[0-9]+}": { ...B_RULE, name: "intruder" },
  "POST /api/0/projects/:org/:project/rules/test-fire-actions": { actions: B_RULE.actions },
  "POST /api/0/organizations/:org/alert-rules": { ...B_METRIC_RULE, name: "intruder" },
  "PUT /api/0/organizations/:org/alert-rules/:ruleId{[0-9]+}": { ...B_METRIC_RULE, name: "intruder" },
};

/** The route's path with B's ids; throws for a param the table does not know. */
function fill(route: Route): string {
  const path = route.path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(
        `${route.method} ${route.path}: path param :${name} has no organization-B value in org-isolation.test.ts; add one`,
      );
    }
    return encodeURIComponent(value);
  });
  const query = QUERY[route.path];
  return `${path}/${query ? `?${query}` : ""}`;
}

function call(route: Route, headers: Record<string, string>) {
  const body = BODIES[`${route.method} ${route.path}`] ?? (route.method === "GET" ? undefined : {});
  return h.app.request(fill(route), {
    method: route.method,
    headers: { ...headers, "Content-Type": "application/json" },
    ...(body === undefined || route.method === "DELETE" ? {} : { body: JSON.stringify(body) }),
  });
}

/** Everything B can read: each GET route's answer to B's own token. */
async function snapshotOfB(): Promise<Record<string, unknown>> {
  const snapshot: Record<string, unknown> = {};
  for (const route of apiRoutes().filter((r) => r.method === "GET")) {
    const res = await call(route, b.auth);
    snapshot[`${route.method} ${route.path}`] = { status: res.status, body: await res.json() };
  }
  return snapshot;
}

describe("organization A's token against organization B, on every route of the app", () => {
  it("covers every /api/0 route, and can fill each one's params", () => {
    const routes = apiRoutes();
    // The routes at the time of writing; more are fine (they are attacked too), fewer are not.
    expect(routes.length).toBeGreaterThanOrEqual(19);
    for (const route of routes) expect(() => fill(route)).not.toThrow();
  });

  it("gets B's data with B's own token through every GET route (so the ids in the table are right)", async () => {
    for (const route of apiRoutes().filter((r) => r.method === "GET")) {
      const res = await call(route, b.auth);
      expect(res.status, `${route.method} ${route.path} as B`).toBeLessThan(400);
    }
  });

  it("never reads nor changes anything of B with A's token: 403/404, no B identifiers, B unchanged", async () => {
    await sweepAsA(h.auth);
  });

  it("the same with a dashboard session of A's admin (a session token, not an API token)", async () => {
    // Sessions resolve their organizations from memberships, a different path from API tokens.
    const res = await h.app.request("/api/0/auth/login/", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: DEFAULT_ADMIN_EMAIL, password: "correct horse battery staple" }),
    });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    await sweepAsA({ Authorization: `Bearer ${token}` });
  });

  /** Calls every route with B's ids as `auth` (a caller of A): refused, nothing leaked, B unchanged. */
  async function sweepAsA(auth: Record<string, string>): Promise<void> {
    const before = await snapshotOfB();
    // Reads first, destructive writes (DELETE) last, so each write is tried against intact data.
    const order = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    const routes = apiRoutes().sort((x, y) => order.indexOf(x.method) - order.indexOf(y.method));
    for (const route of routes) {
      const res = await call(route, auth);
      const text = await res.text();
      const known = BODIES[`${route.method} ${route.path}`] !== undefined || route.method === "GET";
      const allowed = known ? [403, 404] : [400, 403, 404, 422];
      expect(allowed, `${route.method} ${fill(route)} as A answered ${res.status}: ${text.slice(0, 200)}`).toContain(
        res.status,
      );
      for (const secret of secrets) expect(text, `${route.method} ${route.path} leaks ${secret}`).not.toContain(secret);
    }
    expect(await snapshotOfB()).toEqual(before);
  }

  it("answers caller-scoped routes (who am I, my organizations) without anything of B", async () => {
    const paths = [...CALLER_SCOPED].filter((r) => r.startsWith("GET ")).map((r) => r.slice(4));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      const res = await h.app.request(`${path}/`, { headers: h.auth });
      expect(res.status, path).toBe(200);
      const text = await res.text();
      for (const secret of [...secrets, "other"]) expect(text, `${path} leaks ${secret}`).not.toContain(`"${secret}"`);
    }
  });

  it("and the same holds the other way: B's token never reaches A's (default) data", async () => {
    const own = await h.app.request("/api/0/projects/default/default/issues/", { headers: h.auth });
    expect(own.status).toBe(200);
    const saved = params;
    params = { ...params, org: "default", project: "default" };
    try {
      for (const route of apiRoutes().filter((r) => !r.path.includes(":issueId") && !r.path.includes(":eventId"))) {
        if (route.method !== "GET") continue;
        const res = await call(route, b.auth);
        expect([403, 404], `${route.method} ${route.path} as B on A`).toContain(res.status);
      }
    } finally {
      params = saved;
    }
  });
});
