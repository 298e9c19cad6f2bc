/**
 * The quotas API: `/api/0/projects/{org}/{project}/quotas/` and `/api/0/organizations/{org}/quotas/`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QuotasJson } from "../serializers/quota.ts";
import { apiRequest } from "../testutil/api-request.ts";
import { createHarness, type Harness, TEST_PUBLIC_KEY } from "../testutil/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const PROJECT = "/api/0/projects/default/default/quotas/";
const ORG = "/api/0/organizations/default/quotas/";

const api = (method: string, path: string, body?: unknown) => apiRequest(h, method, path, body);

const valid = { id: "errors", categories: ["error"], limit: 1000, window: 60, reasonCode: "project_quota" };

describe("project quotas", () => {
  it("starts empty", async () => {
    const res = await api("GET", PROJECT);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ quotas: [] });
  });

  it("round-trips project- and key-scoped quotas in the order given", async () => {
    const quotas = [
      { ...valid, id: "z-first", scope: "project" },
      { id: "per-key", scope: "key", keyId: TEST_PUBLIC_KEY, categories: [], limit: 0, window: 3600, reasonCode: "kq" },
      { ...valid, id: "a-last", categories: ["transaction", "attachment"] },
    ];
    const put = await api("PUT", PROJECT, { quotas });
    expect(put.status).toBe(200);
    const expected: QuotasJson = {
      quotas: [
        {
          id: "z-first",
          scope: "project",
          categories: ["error"],
          limit: 1000,
          window: 60,
          reasonCode: "project_quota",
        },
        {
          id: "per-key",
          scope: "key",
          keyId: TEST_PUBLIC_KEY,
          categories: [],
          limit: 0,
          window: 3600,
          reasonCode: "kq",
        },
        {
          id: "a-last",
          scope: "project",
          categories: ["transaction", "attachment"],
          limit: 1000,
          window: 60,
          reasonCode: "project_quota",
        },
      ],
    };
    expect(await put.json()).toEqual(expected);
    expect(await (await api("GET", PROJECT)).json()).toEqual(expected);
  });

  it("replaces the whole list on PUT", async () => {
    await api("PUT", PROJECT, { quotas: [valid] });
    expect(await (await api("GET", PROJECT)).json()).toEqual({ quotas: [{ ...valid, scope: "project" }] });
  });

  it.each([
    ["window 0", { quotas: [{ ...valid, window: 0 }] }, "quotas.0.window"],
    ["a negative limit", { quotas: [{ ...valid, limit: -1 }] }, "quotas.0.limit"],
    ["a fractional limit", { quotas: [{ ...valid, limit: 1.5 }] }, "quotas.0.limit"],
    ["a window over 31 days", { quotas: [{ ...valid, window: 32 * 86400 }] }, "quotas.0.window"],
    ["duplicate ids", { quotas: [valid, { ...valid }] }, "quotas.1.id"],
    ["an unknown category", { quotas: [{ ...valid, categories: ["errors"] }] }, "quotas.0.categories.0"],
    ["a missing reasonCode", { quotas: [{ ...valid, reasonCode: undefined }] }, "quotas.0.reasonCode"],
    ["an empty id", { quotas: [{ ...valid, id: "" }] }, "quotas.0.id"],
    ["the reserved rateLimit id", { quotas: [{ ...valid, id: "key_rate_limit" }] }, "quotas.0.id"],
    ["an organization scope", { quotas: [{ ...valid, scope: "organization" }] }, "quotas.0.scope"],
    ["a key scope without keyId", { quotas: [{ ...valid, scope: "key" }] }, "quotas.0.keyId"],
    ["a keyId on a project quota", { quotas: [{ ...valid, keyId: TEST_PUBLIC_KEY }] }, "quotas.0.keyId"],
    ["no list", { quota: [] }, "quotas"],
  ])("answers 400 for %s and keeps the stored list", async (_, body, path) => {
    const res = await api("PUT", PROJECT, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ detail: "Invalid json", causes: [expect.stringContaining(path)] });
    expect(await (await api("GET", PROJECT)).json()).toEqual({ quotas: [{ ...valid, scope: "project" }] });
  });

  it("answers 400 for a key that is not one of the project's", async () => {
    const res = await api("PUT", PROJECT, {
      quotas: [{ ...valid, scope: "key", keyId: "ffffffffffffffffffffffffffffffff" }],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ causes: [expect.stringContaining("quotas.0.keyId: no key")] });
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await h.app.request(PROJECT, {
      method: "PUT",
      headers: { ...h.auth, "Content-Type": "application/json" },
      body: "{",
    });
    expect(res.status).toBe(400);
  });

  it("clears with an empty list", async () => {
    await api("PUT", PROJECT, { quotas: [] });
    expect(await (await api("GET", PROJECT)).json()).toEqual({ quotas: [] });
  });
});

describe("organization quotas", () => {
  it("round-trips, scope defaulting to organization", async () => {
    expect(await (await api("GET", ORG)).json()).toEqual({ quotas: [] });
    const put = await api("PUT", ORG, {
      quotas: [valid, { ...valid, id: "all", categories: [], scope: "organization" }],
    });
    expect(put.status).toBe(200);
    const expected = {
      quotas: [
        { ...valid, scope: "organization" },
        { ...valid, id: "all", categories: [], scope: "organization" },
      ],
    };
    expect(await put.json()).toEqual(expected);
    expect(await (await api("GET", ORG)).json()).toEqual(expected);
  });

  it("is separate from the project's list", async () => {
    expect(await (await api("GET", PROJECT)).json()).toEqual({ quotas: [] });
  });

  it.each([
    ["a project scope", { quotas: [{ ...valid, scope: "project" }] }],
    ["window 0", { quotas: [{ ...valid, window: 0 }] }],
    ["duplicate ids", { quotas: [valid, valid] }],
  ])("answers 400 for %s", async (_, body) => {
    const res = await api("PUT", ORG, body);
    expect(res.status).toBe(400);
    expect((await (await api("GET", ORG)).json()) as QuotasJson).toMatchObject({ quotas: [{}, {}] });
  });

  it("answers 404 for an organization slug that is not the caller's", async () => {
    expect((await api("GET", "/api/0/organizations/other/quotas/")).status).toBe(404);
  });
});
