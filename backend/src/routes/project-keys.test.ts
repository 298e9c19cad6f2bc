import { ProjectConfigsResponseSchema } from "@breakwater/core/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProjectKeyJson } from "../serializers/project-key.ts";
import { apiRequest } from "../testutil/api-request.ts";
import { createHarness, type Harness, signedHeaders, TEST_PUBLIC_KEY } from "../testutil/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const KEYS = "/api/0/projects/default/default/keys/";

const api = (method: string, path: string, body?: unknown) => apiRequest(h, method, path, body);

async function edgeConfig(pk: string) {
  const res = await h.app.request(`/internal/project-configs?keys=${pk}`, { headers: signedHeaders("") });
  return ProjectConfigsResponseSchema.parse(await res.json()).configs[pk];
}

describe("GET /api/0/projects/{org}/{project}/keys/", () => {
  it("lists the seeded key in Sentry's shape with DSNs on the edge", async () => {
    const res = await api("GET", KEYS);
    expect(res.status).toBe(200);
    const keys = (await res.json()) as ProjectKeyJson[];
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(key).toMatchObject({
      id: TEST_PUBLIC_KEY,
      name: "bootstrap",
      label: "bootstrap",
      public: TEST_PUBLIC_KEY,
      secret: expect.stringMatching(/^[0-9a-f]{32}$/),
      projectId: 1,
      isActive: true,
      rateLimit: null,
      browserSdkVersion: "latest",
      dateCreated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(key?.dsn).toEqual({
      public: `http://${TEST_PUBLIC_KEY}@edge.test:8787/1`,
      secret: `http://${TEST_PUBLIC_KEY}:${key?.secret}@edge.test:8787/1`,
      csp: `http://edge.test:8787/api/1/csp-report/?sentry_key=${TEST_PUBLIC_KEY}`,
      security: `http://edge.test:8787/api/1/security/?sentry_key=${TEST_PUBLIC_KEY}`,
      minidump: `http://edge.test:8787/api/1/minidump/?sentry_key=${TEST_PUBLIC_KEY}`,
      unreal: `http://edge.test:8787/api/1/unreal/${TEST_PUBLIC_KEY}/`,
      cdn: `http://edge.test:8787/js-sdk-loader/${TEST_PUBLIC_KEY}.min.js`,
    });
  });

  it("answers 404 for a project that does not exist", async () => {
    expect((await api("GET", "/api/0/projects/default/nope/keys/")).status).toBe(404);
  });
});

describe("key lifecycle", () => {
  let created: ProjectKeyJson;

  it("creates a key (201) with a name and a rateLimit", async () => {
    const res = await api("POST", KEYS, { name: "Frontend", rateLimit: { window: 3600, count: 1000 } });
    expect(res.status).toBe(201);
    created = (await res.json()) as ProjectKeyJson;
    expect(created).toMatchObject({ name: "Frontend", isActive: true, rateLimit: { window: 3600, count: 1000 } });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.id).not.toBe(TEST_PUBLIC_KEY);
    expect(created.dsn.public).toBe(`http://${created.id}@edge.test:8787/1`);
    expect((await edgeConfig(created.id))?.quotas).toEqual([
      {
        id: "key_rate_limit",
        categories: ["error", "default", "security"],
        scope: "key",
        limit: 1000,
        window: 3600,
        reasonCode: "key_quota",
      },
    ]);
  });

  it("names a key created without a name", async () => {
    const res = await api("POST", KEYS, {});
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: "Default", rateLimit: null });
  });

  it("reads one key by its public key", async () => {
    const res = await api("GET", `${KEYS}${created.id}/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(created);
    expect((await api("GET", `${KEYS}${"9".repeat(32)}/`)).status).toBe(404);
  });

  it("renames and changes the rateLimit", async () => {
    const res = await api("PUT", `${KEYS}${created.id}/`, { name: "Web", rateLimit: { window: 60, count: 5 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: created.id, name: "Web", rateLimit: { window: 60, count: 5 } });
    expect((await edgeConfig(created.id))?.quotas[0]).toMatchObject({ limit: 5, window: 60 });
  });

  it("clears the rateLimit with {} or null, and treats a zero count as no limit (Sentry)", async () => {
    for (const rateLimit of [{}, null, { window: 60, count: 0 }]) {
      await api("PUT", `${KEYS}${created.id}/`, { rateLimit: { window: 60, count: 5 } });
      const res = await api("PUT", `${KEYS}${created.id}/`, { rateLimit });
      expect(await res.json()).toMatchObject({ rateLimit: null });
      expect((await edgeConfig(created.id))?.quotas).toEqual([]);
    }
  });

  it("leaves fields that are not sent unchanged, and ignores unknown Sentry fields", async () => {
    const res = await api("PUT", `${KEYS}${created.id}/`, { browserSdkVersion: "7.x" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "Web", isActive: true });
  });

  it("disables a key: the edge config says disabled; enabling restores it", async () => {
    const res = await api("PUT", `${KEYS}${created.id}/`, { isActive: false });
    expect(await res.json()).toMatchObject({ isActive: false });
    expect((await edgeConfig(created.id))?.keyStatus).toBe("disabled");
    const active = (await (await api("GET", `${KEYS}?status=active`)).json()) as ProjectKeyJson[];
    const inactive = (await (await api("GET", `${KEYS}?status=inactive`)).json()) as ProjectKeyJson[];
    expect(active.map((k) => k.id)).not.toContain(created.id);
    expect(inactive.map((k) => k.id)).toEqual([created.id]);
    await api("PUT", `${KEYS}${created.id}/`, { isActive: true });
    expect((await edgeConfig(created.id))?.keyStatus).toBe("active");
  });

  it("deletes a key (204) with its key-scoped quotas; the edge then gets null", async () => {
    const put = await api("PUT", "/api/0/projects/default/default/quotas/", {
      quotas: [{ id: "k", scope: "key", keyId: created.id, limit: 1, window: 60, reasonCode: "k" }],
    });
    expect(put.status).toBe(200);
    const res = await api("DELETE", `${KEYS}${created.id}/`);
    expect(res.status).toBe(204);
    expect((await api("GET", `${KEYS}${created.id}/`)).status).toBe(404);
    expect(await edgeConfig(created.id)).toBeNull();
    expect(await (await api("GET", "/api/0/projects/default/default/quotas/")).json()).toEqual({ quotas: [] });
    expect((await api("DELETE", `${KEYS}${created.id}/`)).status).toBe(404);
  });
});

describe("key validation", () => {
  it.each([
    ["a negative window", { rateLimit: { window: -1, count: 5 } }],
    ["a window without a count", { rateLimit: { window: 60 } }],
    ["a fractional count", { rateLimit: { window: 60, count: 1.5 } }],
    ["a string rateLimit", { rateLimit: "10/min" }],
    ["an empty name", { name: "" }],
    ["a non-boolean isActive", { isActive: "no" }],
  ])("answers 400 for %s", async (_, body) => {
    const res = await api("PUT", `${KEYS}${TEST_PUBLIC_KEY}/`, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ detail: "Invalid json", causes: [expect.any(String)] });
  });

  it("answers 400 to a create with a bad rateLimit and creates nothing", async () => {
    const before = ((await (await api("GET", KEYS)).json()) as unknown[]).length;
    expect((await api("POST", KEYS, { rateLimit: { count: 5 } })).status).toBe(400);
    expect(((await (await api("GET", KEYS)).json()) as unknown[]).length).toBe(before);
  });
});
