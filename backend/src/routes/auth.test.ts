/**
 * Dashboard sessions through the public surface: login, the session as a Bearer credential on the
 * REST API (scoped to the user's memberships), logout, expiry, the login rate limit, and the
 * organization / project lists the dashboard's switcher reads.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_PAIR } from "../auth/login-limit.ts";
import { hashPassword } from "../auth/password.ts";
import { DEFAULT_ADMIN_EMAIL } from "../bootstrap/constants.ts";
import { memberships, sessions, users } from "../db/schema/index.ts";
import { useHarnessWithOtherOrg } from "../testutil/harness-suite.ts";

const PASSWORD = "correct horse battery staple";
const t = useHarnessWithOtherOrg();

interface LoginJson {
  token: string;
  expiresAt: string;
  user: { email: string };
  organizations: { slug: string }[];
}

function login(email: string, password: string, ip = "203.0.113.9") {
  return t.h.app.request("/api/0/auth/login/", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
    body: JSON.stringify({ email, password }),
  });
}

async function session(email = DEFAULT_ADMIN_EMAIL, ip?: string): Promise<{ Authorization: string }> {
  const res = await login(email, PASSWORD, ip);
  expect(res.status).toBe(201);
  const body = (await res.json()) as LoginJson;
  return { Authorization: `Bearer ${body.token}` };
}

describe("login", () => {
  it("answers a session token, the user and their organizations", async () => {
    const res = await login(DEFAULT_ADMIN_EMAIL.toUpperCase(), PASSWORD);
    expect(res.status).toBe(201);
    const body = (await res.json()) as LoginJson;
    expect(body.token).toMatch(/^bws_[0-9a-f]{64}$/);
    expect(body.user.email).toBe(DEFAULT_ADMIN_EMAIL);
    expect(body.organizations.map((o) => o.slug)).toEqual(["default"]);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now() + 13 * 24 * 3600 * 1000);
    // Only the hash is stored.
    const rows = await t.h.services.db.select().from(sessions);
    expect(rows.some((r) => r.tokenHash.includes(body.token.slice(4)))).toBe(false);
  });

  it("answers 401 to a wrong password and to an unknown email alike", async () => {
    const wrong = await login(DEFAULT_ADMIN_EMAIL, "nope nope nope", "198.51.100.1");
    const unknown = await login("nobody@example.com", PASSWORD, "198.51.100.1");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ detail: "Invalid email or password" });
    expect(await unknown.json()).toMatchObject({ detail: "Invalid email or password" });
  });

  it("answers 400 to a body without email or password", async () => {
    const res = await t.h.app.request("/api/0/auth/login/", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: DEFAULT_ADMIN_EMAIL }),
    });
    expect(res.status).toBe(400);
  });
});

describe("session as a Bearer credential", () => {
  it("reads the REST API and who-am-I", async () => {
    const auth = await session();
    const issues = await t.h.app.request("/api/0/projects/default/default/issues/", { headers: auth });
    expect(issues.status).toBe(200);
    const me = await t.h.app.request("/api/0/auth/", { headers: auth });
    expect(await me.json()).toMatchObject({
      kind: "session",
      user: { email: DEFAULT_ADMIN_EMAIL },
      organizations: [{ slug: "default", name: expect.any(String) }],
    });
  });

  it("sees only the organizations its user belongs to, and all of them", async () => {
    const auth = await session();
    expect((await t.h.app.request("/api/0/projects/other/other-project/issues/", { headers: auth })).status).toBe(404);
    expect((await t.h.app.request("/api/0/organizations/other/projects/", { headers: auth })).status).toBe(404);

    // A second user, member of `other` only.
    const [user] = await t.h.services.db
      .insert(users)
      .values({ email: "other@example.com", passwordHash: await hashPassword(PASSWORD) })
      .returning();
    if (!user) throw new Error("no user");
    await t.h.services.db
      .insert(memberships)
      .values({ organizationId: t.other.orgId, userId: user.id, role: "member" });
    const otherAuth = await session("other@example.com");
    const orgs = await (await t.h.app.request("/api/0/organizations/", { headers: otherAuth })).json();
    expect(orgs).toEqual([expect.objectContaining({ slug: "other" })]);
    expect((await t.h.app.request("/api/0/projects/default/default/issues/", { headers: otherAuth })).status).toBe(404);
    expect((await t.h.app.request("/api/0/projects/other/other-project/", { headers: otherAuth })).status).toBe(200);

    // Joining `default` too: both are visible in one session, each under its own path.
    await t.h.services.db.insert(memberships).values({ organizationId: 1, userId: user.id, role: "member" });
    const both = await (await t.h.app.request("/api/0/organizations/", { headers: otherAuth })).json();
    expect((both as { slug: string }[]).map((o) => o.slug)).toEqual(["other", "default"]);
    for (const path of ["/api/0/projects/default/default/issues/", "/api/0/organizations/default/quotas/"]) {
      expect((await t.h.app.request(path, { headers: otherAuth })).status).toBe(200);
    }
    await t.h.services.db.delete(users).where(eq(users.id, user.id));
    // Deleting the user ends its sessions (cascade).
    expect((await t.h.app.request("/api/0/auth/", { headers: otherAuth })).status).toBe(401);
  });

  it("stops working after logout, and API tokens cannot log out", async () => {
    const auth = await session();
    const out = await t.h.app.request("/api/0/auth/", { method: "DELETE", headers: auth });
    expect(out.status).toBe(204);
    expect((await t.h.app.request("/api/0/auth/", { headers: auth })).status).toBe(401);
    const tokenLogout = await t.h.app.request("/api/0/auth/", { method: "DELETE", headers: t.h.auth });
    expect(tokenLogout.status).toBe(400);
    expect((await t.h.app.request("/api/0/auth/", { headers: t.h.auth })).status).toBe(200);
  });

  it("stops working once expired", async () => {
    const auth = await session();
    const token = auth.Authorization.slice("Bearer ".length);
    await t.h.services.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) });
    const res = await t.h.app.request("/api/0/auth/", { headers: auth });
    expect(res.status).toBe(401);
    expect(token).toMatch(/^bws_/);
  });

  it("rejects a made-up session token", async () => {
    const res = await t.h.app.request("/api/0/auth/", { headers: { Authorization: `Bearer bws_${"0".repeat(64)}` } });
    expect(res.status).toBe(401);
  });
});

describe("login rate limit", () => {
  it(`answers 429 after ${MAX_FAILURES_PER_PAIR} failures of one email from one address, even with the right password`, async () => {
    const ip = "192.0.2.10";
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      expect((await login(DEFAULT_ADMIN_EMAIL, `wrong-${i}`, ip)).status).toBe(401);
    }
    const limited = await login(DEFAULT_ADMIN_EMAIL, PASSWORD, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another address is not affected, and its success does not clear the limited pair.
    expect((await login(DEFAULT_ADMIN_EMAIL, PASSWORD, "192.0.2.11")).status).toBe(201);
    expect((await login(DEFAULT_ADMIN_EMAIL, PASSWORD, ip)).status).toBe(429);
  });

  it("caps one email across addresses, so a rotating X-Forwarded-For does not help", async () => {
    const email = "victim@example.com";
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect((await login(email, "guess", `10.1.0.${i}`)).status).toBe(401);
    }
    expect((await login(email, "guess", "10.2.0.1")).status).toBe(429);
    // Other emails still log in.
    expect((await login(DEFAULT_ADMIN_EMAIL, PASSWORD, "10.2.0.1")).status).toBe(201);
  });

  it("clears a pair's failures after a successful login", async () => {
    const ip = "192.0.2.20";
    for (let i = 0; i < MAX_FAILURES_PER_PAIR - 1; i++) await login(DEFAULT_ADMIN_EMAIL, "wrong", ip);
    expect((await login(DEFAULT_ADMIN_EMAIL, PASSWORD, ip)).status).toBe(201);
    for (let i = 0; i < MAX_FAILURES_PER_PAIR - 1; i++) {
      expect((await login(DEFAULT_ADMIN_EMAIL, "wrong", ip)).status).toBe(401);
    }
    expect((await login(DEFAULT_ADMIN_EMAIL, PASSWORD, ip)).status).toBe(201);
  });
});

describe("organization and project lists", () => {
  it("lists the token's organization and its projects", async () => {
    const orgs = await (await t.h.app.request("/api/0/organizations/", { headers: t.h.auth })).json();
    expect(orgs).toEqual([{ id: "1", slug: "default", name: expect.any(String), dateCreated: expect.any(String) }]);
    const projects = await t.h.app.request("/api/0/organizations/default/projects/", { headers: t.h.auth });
    expect(await projects.json()).toEqual([
      expect.objectContaining({ id: "1", slug: "default", platform: "other", status: "active" }),
    ]);
    expect((await t.h.app.request("/api/0/organizations/other/projects/", { headers: t.h.auth })).status).toBe(404);
    expect((await t.h.app.request("/api/0/organizations/", {})).status).toBe(401);
  });
});
