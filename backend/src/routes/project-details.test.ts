import { PiiConfigSchema } from "@breakwater/core/pii";
import { describe, expect, it } from "vitest";
import { projects } from "../db/schema/index.ts";
import type { ProjectDetailsJson } from "../serializers/project.ts";
import { apiRequest } from "../testutil/api-request.ts";
import { useHarnessWithOtherOrg } from "../testutil/harness-suite.ts";

const t = useHarnessWithOtherOrg();

let path = "/api/0/projects/default/default/";

const api = (method: string, path: string, body?: unknown, auth?: { Authorization: string }) =>
  apiRequest(t.h, method, path, body, auth);

async function get(): Promise<ProjectDetailsJson> {
  const res = await api("GET", path);
  expect(res.status).toBe(200);
  return (await res.json()) as ProjectDetailsJson;
}

async function put(body: unknown): Promise<ProjectDetailsJson> {
  const res = await api("PUT", path, body);
  expect(res.status, await res.clone().text()).toBe(200);
  const json = (await res.json()) as ProjectDetailsJson;
  expect(await get()).toEqual(json);
  return json;
}

async function rejected(body: unknown): Promise<Record<string, unknown>> {
  const before = await get();
  const res = await api("PUT", path, body);
  expect(res.status).toBe(400);
  expect(await get()).toEqual(before);
  return (await res.json()) as Record<string, unknown>;
}

const RULES = {
  rules: {
    orderIds: { type: "pattern", pattern: "(?i)order-(?P<id>\\d+)", replaceGroups: [1], redaction: { method: "mask" } },
    tokens: { type: "redactPair", keyPattern: "token", redaction: { method: "replace", text: "[tok]" } },
    both: { type: "multiple", rules: ["orderIds", "@email"] },
  },
  applications: {
    "$string || $frame.vars.**": ["orderIds", "@creditcard:mask"],
    "extra.secret": ["@anything:remove"],
    "$http.headers.x-api-key": ["tokens", "both"],
  },
};

describe("GET /api/0/projects/{org}/{project}/", () => {
  it("shows the project with Sentry's default scrubbing and empty filter options", async () => {
    const json = await get();
    expect(json).toEqual({
      id: "1",
      slug: "default",
      name: expect.any(String),
      platform: "other",
      dateCreated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      status: "active",
      organization: { id: "1", slug: "default", name: expect.any(String) },
      dataScrubber: true,
      dataScrubberDefaults: true,
      scrubIPAddresses: false,
      sensitiveFields: [],
      safeFields: [],
      relayPiiConfig: null,
      options: { "filters:blacklisted_ips": "", "filters:releases": "", "filters:error_messages": "" },
    });
  });

  it("answers 404 for a missing project", async () => {
    expect((await api("GET", "/api/0/projects/default/nope/")).status).toBe(404);
  });
});

describe("PUT /api/0/projects/{org}/{project}/: data scrubbing", () => {
  it.each([
    ["dataScrubber", false],
    ["dataScrubberDefaults", false],
    ["scrubIPAddresses", true],
  ] as const)("round-trips %s and back", async (field, value) => {
    expect((await put({ [field]: value }))[field]).toBe(value);
    expect((await put({ [field]: !value }))[field]).toBe(!value);
  });

  it("round-trips sensitiveFields and safeFields (trimmed), and empties them", async () => {
    const json = await put({
      sensitiveFields: [" card_number ", "SSN"],
      safeFields: ["order_token", "extra.public_id"],
    });
    expect(json.sensitiveFields).toEqual(["card_number", "SSN"]);
    expect(json.safeFields).toEqual(["order_token", "extra.public_id"]);
    expect((await put({ sensitiveFields: [] })).sensitiveFields).toEqual([]);
    expect((await get()).safeFields).toEqual(["order_token", "extra.public_id"]);
  });

  it("round-trips relayPiiConfig as a JSON string, with core's defaults filled in", async () => {
    const json = await put({ relayPiiConfig: JSON.stringify(RULES) });
    expect(typeof json.relayPiiConfig).toBe("string");
    const stored = JSON.parse(json.relayPiiConfig ?? "null");
    const expected = PiiConfigSchema.parse(RULES);
    expect(stored).toEqual({ rules: expected.rules, applications: expected.applications });
    expect(stored.rules.both).toEqual({ type: "multiple", rules: ["orderIds", "@email"] });
    // Applications keep the order they were given in (they run in that order).
    expect(Object.keys(stored.applications)).toEqual(Object.keys(RULES.applications));
  });

  it("leaves relayPiiConfig alone when other fields change, and clears it with null or an empty string", async () => {
    expect((await put({ dataScrubber: true })).relayPiiConfig).not.toBeNull();
    expect((await put({ relayPiiConfig: null })).relayPiiConfig).toBeNull();
    await put({ relayPiiConfig: JSON.stringify({ applications: { $string: ["@ip:hash"] } }) });
    expect(JSON.parse((await get()).relayPiiConfig ?? "null")).toEqual({
      rules: {},
      applications: { $string: ["@ip:hash"] },
    });
    expect((await put({ relayPiiConfig: "  " })).relayPiiConfig).toBeNull();
  });

  it("ignores fields it does not know and read-only ones, as Sentry does", async () => {
    const before = await get();
    const json = await put({ id: "99", status: "disabled", dateCreated: "2000-01-01T00:00:00Z", isBookmarked: true });
    expect(json).toEqual(before);
  });
});

describe("PUT /api/0/projects/{org}/{project}/: inbound filter options", () => {
  it("stores newline-separated lists as Sentry cleans them", async () => {
    const json = await put({
      options: {
        "filters:blacklisted_ips": " 10.0.0.1\n\n192.168.0.0/16 \n2001:DB8::/32\n",
        "filters:releases": "1.0.*\n\n  *-BETA  ",
        "filters:error_messages": "TypeError: *\n  *ResizeObserver Loop*\n",
      },
    });
    expect(json.options).toEqual({
      // IPs and releases are lowercased; error messages keep their case.
      "filters:blacklisted_ips": "10.0.0.1\n192.168.0.0/16\n2001:db8::/32",
      "filters:releases": "1.0.*\n*-beta",
      "filters:error_messages": "TypeError: *\n*ResizeObserver Loop*",
    });
  });

  it("changes only the options sent, and empties one with an empty string", async () => {
    const json = await put({ options: { "filters:releases": "" } });
    expect(json.options).toEqual({
      "filters:blacklisted_ips": "10.0.0.1\n192.168.0.0/16\n2001:db8::/32",
      "filters:releases": "",
      "filters:error_messages": "TypeError: *\n*ResizeObserver Loop*",
    });
  });

  it("ignores other options", async () => {
    const before = await get();
    expect(await put({ options: { "sentry:origins": "*", "filters:react-hydration-errors": true } })).toEqual(before);
  });

  it("keeps the filter toggles when the options change, and the options when a toggle changes", async () => {
    const toggle = await api("PUT", `${path}filters/localhost/`, { active: true });
    expect(toggle.status).toBe(204);
    await put({ options: { "filters:releases": "2.*" } });
    const filters = (await (await api("GET", `${path}filters/`)).json()) as { id: string; active: unknown }[];
    expect(filters.find((f) => f.id === "localhost")?.active).toBe(true);
    expect((await get()).options["filters:releases"]).toBe("2.*");
  });
});

describe("PUT /api/0/projects/{org}/{project}/: identity", () => {
  it("renames the project and sets its platform; a null or blank platform is ignored", async () => {
    const json = await put({ name: "Web shop", platform: "javascript-react" });
    expect(json).toMatchObject({ name: "Web shop", platform: "javascript-react", slug: "default" });
    expect((await put({ platform: null })).platform).toBe("javascript-react");
    expect((await put({ platform: "" })).platform).toBe("javascript-react");
  });

  it("changes the slug; the project then lives at the new path only", async () => {
    const res = await api("PUT", path, { slug: "web-shop" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: "1", slug: "web-shop" });
    expect((await api("GET", path)).status).toBe(404);
    path = "/api/0/projects/default/web-shop/";
    expect((await get()).slug).toBe("web-shop");
    // Same slug again: nothing to change.
    expect((await put({ slug: "web-shop" })).slug).toBe("web-shop");
  });

  it("refuses a slug another project of the organization uses, but not one of another organization", async () => {
    await t.h.services.db.insert(projects).values({ organizationId: 1, slug: "backend", name: "Backend" });
    const json = await rejected({ slug: "backend", name: "Renamed" });
    expect(json).toMatchObject({
      detail: "Invalid json",
      slug: ["Another project (Backend) is already using that slug"],
    });
    // `other-project` belongs to organization `other`: free to use here.
    const renamed = await api("PUT", path, { slug: "other-project" });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ slug: "other-project" });
    const back = await api("PUT", "/api/0/projects/default/other-project/", { slug: "web-shop" });
    expect(back.status).toBe(200);
    expect((await get()).slug).toBe("web-shop");
  });
});

describe("PUT /api/0/projects/{org}/{project}/: validation", () => {
  it.each([
    ["invalid JSON", "{rules", /^Invalid JSON: /],
    ["a JSON array", "[]", /^Expected a JSON object/],
    ["an unknown rule", JSON.stringify({ applications: { $string: ["nope"] } }), /unknown rule "nope"/],
    [
      "a bad regex",
      JSON.stringify({ rules: { r: { type: "pattern", pattern: "(" } }, applications: { $string: ["r"] } }),
      /^rules\.r: invalid pattern/,
    ],
    ["a bad selector", JSON.stringify({ applications: { "$string &&": ["@ip"] } }), /invalid selector/],
    ["an unknown rule type", JSON.stringify({ rules: { r: { type: "telepathy" } } }), /^rules\.r/],
    ["a self-referencing rule", JSON.stringify({ rules: { r: { type: "alias", rule: "r" } } }), /refers to itself/],
  ])("refuses a relayPiiConfig with %s", async (_, relayPiiConfig, message) => {
    const json = await rejected({ relayPiiConfig, dataScrubber: false });
    expect(json.detail).toBe("Invalid json");
    const errors = json.relayPiiConfig as string[];
    expect(errors.length).toBeGreaterThan(0);
    expect(
      errors.some((e) => message.test(e)),
      errors.join("; "),
    ).toBe(true);
    expect((json.causes as string[])[0]).toMatch(/^relayPiiConfig: /);
  });

  it.each([
    ["a non-boolean dataScrubber", { dataScrubber: "yes" }, "dataScrubber"],
    ["a non-boolean scrubIPAddresses", { scrubIPAddresses: 1 }, "scrubIPAddresses"],
    ["a blank sensitive field", { sensitiveFields: ["ok", "  "] }, "sensitiveFields"],
    ["sensitive fields over 4,000 characters", { sensitiveFields: Array(21).fill("x".repeat(200)) }, "sensitiveFields"],
    ["a non-list safeFields", { safeFields: "token" }, "safeFields"],
    ["a non-string relayPiiConfig", { relayPiiConfig: { rules: {} } }, "relayPiiConfig"],
    ["an invalid IP", { options: { "filters:blacklisted_ips": "10.0.0.1\nnot-an-ip" } }, "options"],
    ["an IP network with a bad prefix", { options: { "filters:blacklisted_ips": "10.0.0.0/33" } }, "options"],
    ["a non-string option", { options: { "filters:releases": ["1.0"] } }, "options"],
    ["too many entries", { options: { "filters:releases": Array(1001).fill("r").join("\n") } }, "options"],
    ["an uppercase slug", { slug: "Web" }, "slug"],
    ["a numeric slug", { slug: "123" }, "slug"],
    ["a blank name", { name: " " }, "name"],
    ["an invalid platform", { platform: "Java Script" }, "platform"],
  ])("answers 400 for %s and changes nothing", async (_, body, field) => {
    const json = await rejected({ ...body, dataScrubberDefaults: false });
    expect(json.detail).toBe("Invalid json");
    expect(json[field]).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(json.causes).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${field}(\\.|: )`))]));
  });

  it("names the offending option and entry", async () => {
    const json = await rejected({ options: { "filters:blacklisted_ips": "nope" } });
    expect(json.options).toEqual(['filters:blacklisted_ips: "nope" is not an IP address or CIDR network.']);
  });
});

describe("organization isolation", () => {
  it("shows and changes another organization's project only with its token", async () => {
    const own = "/api/0/projects/other/other-project/";
    const res = await api("PUT", own, { scrubIPAddresses: true, options: { "filters:releases": "x" } }, t.other.auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: String(t.other.projectId),
      organization: { id: String(t.other.orgId), slug: "other", name: "Other" },
      scrubIPAddresses: true,
      options: { "filters:releases": "x" },
    });
    expect((await api("GET", own)).status).toBe(404);
    expect((await api("PUT", own, { scrubIPAddresses: false })).status).toBe(404);
    expect((await get()).scrubIPAddresses).toBe(false);
  });
});
