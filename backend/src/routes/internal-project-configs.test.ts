import { FiltersConfigSchema } from "@breakwater/core/filter";
import { PiiConfigSchema } from "@breakwater/core/pii";
import { type ProjectConfig, ProjectConfigsResponseSchema } from "@breakwater/core/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { projectKeys } from "../db/schema/index.ts";
import { apiRequest } from "../testutil/api-request.ts";
import { signedHeaders, TEST_PUBLIC_KEY } from "../testutil/harness.ts";
import { useHarnessWithOtherOrg } from "../testutil/harness-suite.ts";

const t = useHarnessWithOtherOrg();

const UNKNOWN = "ffffffffffffffffffffffffffffffff";

async function fetchConfigs(keys: string, headers = signedHeaders("")) {
  return t.h.app.request(`/internal/project-configs?keys=${keys}`, { headers });
}

async function config(key = TEST_PUBLIC_KEY): Promise<ProjectConfig> {
  const res = await fetchConfigs(key);
  expect(res.status).toBe(200);
  const parsed = ProjectConfigsResponseSchema.parse(await res.json()).configs[key];
  if (!parsed) throw new Error(`no config for ${key}`);
  return parsed;
}

const api = (method: string, path: string, body?: unknown, auth?: { Authorization: string }) =>
  apiRequest(t.h, method, path, body, auth);

describe("GET /internal/project-configs", () => {
  it("requires a signature", async () => {
    expect((await fetchConfigs(TEST_PUBLIC_KEY, {})).status).toBe(401);
    const stale = signedHeaders("", { now: Math.floor(Date.now() / 1000) - 3600 });
    expect((await fetchConfigs(TEST_PUBLIC_KEY, stale)).status).toBe(401);
  });

  it("returns the config of a known key and null for an unknown one", async () => {
    const res = await fetchConfigs(`${TEST_PUBLIC_KEY},${UNKNOWN}`);
    expect(res.status).toBe(200);
    const { configs } = ProjectConfigsResponseSchema.parse(await res.json());
    expect(configs[UNKNOWN]).toBeNull();
    expect(configs[TEST_PUBLIC_KEY]).toMatchObject({
      publicKey: TEST_PUBLIC_KEY,
      keyStatus: "active",
      projectId: 1,
      projectStatus: "active",
      organizationId: 1,
    });
  });

  it("has no quotas and core's default spike protection out of the box", async () => {
    const c = await config();
    expect(c.quotas).toEqual([]);
    expect(c.spikeProtection).toEqual({ enabled: true, floor: 1000, multiplier: 5 });
    // Same content, same revision.
    expect((await config()).revision).toBe(c.revision);
  });

  it("reports a disabled key with its status and a new revision", async () => {
    const before = await config();
    await t.h.services.db
      .update(projectKeys)
      .set({ status: "disabled", updatedAt: new Date() })
      .where(eq(projectKeys.publicKey, TEST_PUBLIC_KEY));
    const after = await config();
    expect(after.keyStatus).toBe("disabled");
    expect(after.revision).not.toBe(before.revision);
    await t.h.services.db
      .update(projectKeys)
      .set({ status: "active" })
      .where(eq(projectKeys.publicKey, TEST_PUBLIC_KEY));
    expect((await config()).revision).toBe(before.revision);
  });

  it("answers 400 without keys", async () => {
    const res = await t.h.app.request("/internal/project-configs", { headers: signedHeaders("") });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ detail: "Invalid query" });
  });
});

describe("quotas and spike protection in project configs", () => {
  const revisions = new Set<string>();
  const note = async () => {
    const c = await config();
    expect(revisions.has(c.revision)).toBe(false);
    revisions.add(c.revision);
    return c;
  };

  it("starts from the empty config", async () => {
    await note();
  });

  it("adds the key's rateLimit as a key-scoped quota over every category", async () => {
    const res = await api("PUT", `/api/0/projects/default/default/keys/${TEST_PUBLIC_KEY}/`, {
      rateLimit: { window: 60, count: 100 },
    });
    expect(res.status).toBe(200);
    const c = await note();
    expect(c.quotas).toEqual([
      {
        id: "key_rate_limit",
        categories: ["error", "default", "security"],
        scope: "key",
        limit: 100,
        window: 60,
        reasonCode: "key_quota",
      },
    ]);
  });

  it("adds project- and key-scoped quotas before the rateLimit", async () => {
    const res = await api("PUT", "/api/0/projects/default/default/quotas/", {
      quotas: [
        { id: "proj-errors", scope: "project", categories: ["error"], limit: 5000, window: 3600, reasonCode: "pq" },
        {
          id: "key-tx",
          scope: "key",
          keyId: TEST_PUBLIC_KEY,
          categories: ["transaction"],
          limit: 0,
          window: 60,
          reasonCode: "kq",
        },
      ],
    });
    expect(res.status).toBe(200);
    const c = await note();
    expect(c.quotas.map((q) => [q.scope, q.id])).toEqual([
      ["project", "proj-errors"],
      ["key", "key-tx"],
      ["key", "key_rate_limit"],
    ]);
    expect(c.quotas[1]).toEqual({
      id: "key-tx",
      categories: ["transaction"],
      scope: "key",
      limit: 0,
      window: 60,
      reasonCode: "kq",
    });
  });

  it("puts the organization's quotas first", async () => {
    const res = await api("PUT", "/api/0/organizations/default/quotas/", {
      quotas: [{ id: "org-all", limit: 100000, window: 86400, reasonCode: "org_quota" }],
    });
    expect(res.status).toBe(200);
    const c = await note();
    expect(c.quotas[0]).toEqual({
      id: "org-all",
      categories: [],
      scope: "organization",
      limit: 100000,
      window: 86400,
      reasonCode: "org_quota",
    });
    expect(c.quotas).toHaveLength(4);
  });

  it("carries the project's spike protection settings", async () => {
    const res = await api("PUT", "/api/0/projects/default/default/spike-protection/", { floor: 50, multiplier: 2 });
    expect(res.status).toBe(200);
    const c = await note();
    expect(c.spikeProtection).toEqual({ enabled: true, floor: 50, multiplier: 2 });
    await api("PUT", "/api/0/projects/default/default/spike-protection/", { enabled: false });
    expect((await note()).spikeProtection).toEqual({ enabled: false, floor: 50, multiplier: 2 });
  });

  it("changes the revision when a quota's limit changes or the rateLimit is cleared", async () => {
    await api("PUT", "/api/0/organizations/default/quotas/", {
      quotas: [{ id: "org-all", limit: 99999, window: 86400, reasonCode: "org_quota" }],
    });
    await note();
    await api("PUT", `/api/0/projects/default/default/keys/${TEST_PUBLIC_KEY}/`, { rateLimit: null });
    const c = await note();
    expect(c.quotas.map((q) => q.id)).toEqual(["org-all", "proj-errors", "key-tx"]);
  });

  it("gives another organization's keys none of these quotas", async () => {
    const res = await api("POST", "/api/0/projects/other/other-project/keys/", { name: "o" }, t.other.auth);
    expect(res.status).toBe(201);
    const { public: pk } = (await res.json()) as { public: string };
    const c = await config(pk);
    expect(c).toMatchObject({ organizationId: t.other.orgId, projectId: t.other.projectId, quotas: [] });
    expect(c.spikeProtection).toEqual({ enabled: true, floor: 1000, multiplier: 5 });
  });

  it("answers for many keys of different projects in one request", async () => {
    const res = await api("POST", "/api/0/projects/default/default/keys/", { rateLimit: { window: 10, count: 1 } });
    const { public: second } = (await res.json()) as { public: string };
    const { configs } = ProjectConfigsResponseSchema.parse(
      await (await fetchConfigs(`${TEST_PUBLIC_KEY},${second},${UNKNOWN}`)).json(),
    );
    expect(configs[TEST_PUBLIC_KEY]?.quotas.map((q) => q.id)).toEqual(["org-all", "proj-errors", "key-tx"]);
    expect(configs[second]?.quotas.map((q) => q.id)).toEqual(["org-all", "proj-errors", "key_rate_limit"]);
    expect(configs[UNKNOWN]).toBeNull();
  });
});

describe("inbound filters and data scrubbing in project configs", () => {
  const PROJECT = "/api/0/projects/default/default/";
  let initial: ProjectConfig;
  const revisions = new Set<string>();
  const note = async () => {
    const c = await config();
    expect(revisions.has(c.revision)).toBe(false);
    revisions.add(c.revision);
    return c;
  };
  const ok = async (method: string, path: string, body: unknown, status = 200) => {
    const res = await api(method, path, body);
    expect(res.status, await res.clone().text()).toBe(status);
  };

  it("starts from core's defaults: no filters, Sentry's default scrubbing", async () => {
    initial = await note();
    expect(initial.filters).toEqual(FiltersConfigSchema.parse({}));
    expect(initial.pii).toEqual(PiiConfigSchema.parse({}));
    expect(initial.pii).toMatchObject({ scrubData: true, scrubDefaults: true, scrubIpAddresses: false });
  });

  it("carries each toggleable filter", async () => {
    await ok("PUT", `${PROJECT}filters/localhost/`, { active: true }, 204);
    expect((await note()).filters.localhost).toEqual({ isEnabled: true });
    await ok("PUT", `${PROJECT}filters/browser-extensions/`, { active: true }, 204);
    expect((await note()).filters.browserExtensions).toEqual({ isEnabled: true });
    await ok("PUT", `${PROJECT}filters/web-crawlers/`, { active: true }, 204);
    expect((await note()).filters.webCrawlers).toEqual({ isEnabled: true });
  });

  it("carries legacy browsers: active true is core's `default` class, subfilters are listed", async () => {
    await ok("PUT", `${PROJECT}filters/legacy-browsers/`, { active: true }, 204);
    expect((await note()).filters.legacyBrowsers).toEqual({ isEnabled: true, options: ["default"] });
    await ok("PUT", `${PROJECT}filters/legacy-browsers/`, { subfilters: ["ie10", "android_pre_4"] }, 204);
    expect((await note()).filters.legacyBrowsers).toEqual({ isEnabled: true, options: ["android_pre_4", "ie10"] });
  });

  it("carries the list-valued filters of the project options", async () => {
    await ok("PUT", PROJECT, {
      options: {
        "filters:blacklisted_ips": "10.0.0.0/8\n2001:db8::1",
        "filters:releases": "1.0.*\n*-beta",
        "filters:error_messages": "TypeError: *\nScript error.",
      },
    });
    const c = await note();
    expect(c.filters).toMatchObject({
      clientIps: { blacklistedIps: ["10.0.0.0/8", "2001:db8::1"] },
      releases: { releases: ["1.0.*", "*-beta"] },
      errorMessages: { patterns: ["TypeError: *", "Script error."] },
    });
  });

  it("carries every scrubbing setting and the advanced rules, in core's shape", async () => {
    await ok("PUT", PROJECT, {
      dataScrubber: false,
      dataScrubberDefaults: false,
      scrubIPAddresses: true,
      sensitiveFields: ["card_number"],
      safeFields: ["order_token"],
      relayPiiConfig: JSON.stringify({
        rules: { orders: { type: "pattern", pattern: "order-\\d+", redaction: { method: "hash" } } },
        applications: { "$frame.vars.**": ["@creditcard:mask"], $string: ["orders"] },
      }),
    });
    const c = await note();
    expect(c.pii).toEqual({
      scrubData: false,
      scrubDefaults: false,
      scrubIpAddresses: true,
      sensitiveFields: ["card_number"],
      safeFields: ["order_token"],
      rules: { orders: { type: "pattern", pattern: "order-\\d+", redaction: { method: "hash", algorithm: "sha1" } } },
      applications: { "$frame.vars.**": ["@creditcard:mask"], $string: ["orders"] },
    });
    expect(Object.keys(c.pii.applications)).toEqual(["$frame.vars.**", "$string"]);
  });

  it("changes the revision for each single setting, and keeps it when nothing changes", async () => {
    await ok("PUT", PROJECT, { sensitiveFields: ["card_number", "cvv"] });
    const c = await note();
    await ok("PUT", PROJECT, { sensitiveFields: ["card_number", "cvv"] });
    await ok("PUT", `${PROJECT}filters/localhost/`, { active: true }, 204);
    expect((await config()).revision).toBe(c.revision);
    await ok("PUT", PROJECT, { relayPiiConfig: null });
    expect((await note()).pii).toMatchObject({ rules: {}, applications: {} });
  });

  it("gives another organization's project none of these settings", async () => {
    const res = await api("POST", "/api/0/projects/other/other-project/keys/", { name: "o" }, t.other.auth);
    const { public: pk } = (await res.json()) as { public: string };
    const c = await config(pk);
    expect(c.filters).toEqual(FiltersConfigSchema.parse({}));
    expect(c.pii).toEqual(PiiConfigSchema.parse({}));
  });

  it("is back at the first revision once every setting is back at its default", async () => {
    for (const id of ["localhost", "browser-extensions", "web-crawlers", "legacy-browsers"]) {
      await ok("PUT", `${PROJECT}filters/${id}/`, { active: false }, 204);
    }
    await ok("PUT", PROJECT, {
      dataScrubber: true,
      dataScrubberDefaults: true,
      scrubIPAddresses: false,
      sensitiveFields: [],
      safeFields: [],
      relayPiiConfig: "",
      options: { "filters:blacklisted_ips": "", "filters:releases": "", "filters:error_messages": "" },
    });
    // Rows now exist in both tables, yet the content, and so the revision, is the defaults'.
    expect(await config()).toEqual(initial);
  });
});
