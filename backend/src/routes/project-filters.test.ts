import { describe, expect, it } from "vitest";
import type { ProjectFilterJson } from "../serializers/project-filter.ts";
import { apiRequest } from "../testutil/api-request.ts";
import { useHarnessWithOtherOrg } from "../testutil/harness-suite.ts";

const t = useHarnessWithOtherOrg();

const LIST = "/api/0/projects/default/default/filters/";

const api = (method: string, path: string, body?: unknown, auth?: { Authorization: string }) =>
  apiRequest(t.h, method, path, body, auth);

async function states(path = LIST, auth = t.h.auth): Promise<Record<string, boolean | string[]>> {
  const res = await api("GET", path, undefined, auth);
  expect(res.status).toBe(200);
  const list = (await res.json()) as ProjectFilterJson[];
  return Object.fromEntries(list.map((f) => [f.id, f.active]));
}

async function put(filterId: string, body: unknown) {
  return api("PUT", `/api/0/projects/default/default/filters/${filterId}/`, body);
}

describe("GET /api/0/projects/{org}/{project}/filters/", () => {
  it("lists Sentry's four toggleable filters, all off, with names and descriptions", async () => {
    const res = await api("GET", LIST);
    expect(res.status).toBe(200);
    const list = (await res.json()) as ProjectFilterJson[];
    expect(list.map((f) => [f.id, f.active])).toEqual([
      ["localhost", false],
      ["browser-extensions", false],
      ["legacy-browsers", false],
      ["web-crawlers", false],
    ]);
    for (const f of list) {
      expect(Object.keys(f).sort()).toEqual(["active", "description", "id", "name"]);
      expect(f.name).toMatch(/^Filter out /);
      expect(f.description.length).toBeGreaterThan(10);
    }
  });

  it("answers without the trailing slash too", async () => {
    expect((await api("GET", LIST.slice(0, -1))).status).toBe(200);
  });
});

describe("PUT /api/0/projects/{org}/{project}/filters/{filter_id}/", () => {
  it.each(["localhost", "browser-extensions", "web-crawlers"])("turns %s on and off (204)", async (id) => {
    const on = await put(id, { active: true });
    expect(on.status).toBe(204);
    expect(await on.text()).toBe("");
    expect((await states())[id]).toBe(true);
    expect((await put(id, { active: false })).status).toBe(204);
    expect((await states())[id]).toBe(false);
  });

  it("changes only the filter named", async () => {
    await put("localhost", { active: true });
    await put("web-crawlers", { active: true });
    expect(await states()).toEqual({
      localhost: true,
      "browser-extensions": false,
      "legacy-browsers": false,
      "web-crawlers": true,
    });
  });

  it("turns a boolean filter off for a body without active, as Sentry does", async () => {
    expect((await put("localhost", {})).status).toBe(204);
    expect((await states()).localhost).toBe(false);
    await put("web-crawlers", { active: false });
  });

  it("sets legacy-browsers to all (true), a sorted subfilter list, or off", async () => {
    expect((await put("legacy-browsers", { active: true })).status).toBe(204);
    expect((await states())["legacy-browsers"]).toBe(true);

    const res = await put("legacy-browsers", { subfilters: ["safari_pre_6", "ie_pre_9", "ie9", "ie_pre_9"] });
    expect(res.status).toBe(204);
    expect((await states())["legacy-browsers"]).toEqual(["ie9", "ie_pre_9", "safari_pre_6"]);

    // An empty list turns it off; so does `active: false`, which wins over subfilters.
    await put("legacy-browsers", { subfilters: [] });
    expect((await states())["legacy-browsers"]).toBe(false);
    await put("legacy-browsers", { subfilters: ["ie10"] });
    await put("legacy-browsers", { active: false, subfilters: ["ie11"] });
    expect((await states())["legacy-browsers"]).toBe(false);
  });

  it("accepts every legacy browser class core implements", async () => {
    const all = ["android_pre_4", "edge_pre_79", "ie10", "ie11", "ie9", "ie_pre_9", "opera_mini_pre_8", "opera_pre_15"];
    expect((await put("legacy-browsers", { subfilters: [...all, "safari_pre_6"] })).status).toBe(204);
    expect((await states())["legacy-browsers"]).toEqual([...all, "safari_pre_6"]);
  });

  it("answers 400 with Sentry's field errors for an unknown subfilter and keeps the setting", async () => {
    const res = await put("legacy-browsers", { subfilters: ["ie9", "chrome", "default"] });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      detail: "Invalid json",
      causes: ['subfilters: "chrome" is not a valid choice.', 'subfilters: "default" is not a valid choice.'],
      subfilters: ['"chrome" is not a valid choice.', '"default" is not a valid choice.'],
    });
    expect((await states())["legacy-browsers"]).toHaveLength(9);
  });

  it.each([
    ["a string active", "localhost", { active: "yes" }, "active"],
    ["a string subfilters", "legacy-browsers", { subfilters: "ie9" }, "subfilters"],
    ["a numeric subfilter", "legacy-browsers", { subfilters: [9] }, "subfilters"],
    ["an unknown subfilter beside active", "legacy-browsers", { active: true, subfilters: ["chrome"] }, "subfilters"],
  ])("answers 400 for %s", async (_, id, body, field) => {
    const res = await put(id, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({ detail: "Invalid json" });
    expect(json[field]).toEqual([expect.any(String)]);
  });

  it("answers 404 for an unknown filter id and for a missing project", async () => {
    const unknown = await put("filtered-transaction", { active: true });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ detail: "The requested resource does not exist" });
    expect((await api("PUT", "/api/0/projects/default/nope/filters/localhost/", { active: true })).status).toBe(404);
  });

  it("keeps organizations apart", async () => {
    const ownPath = "/api/0/projects/other/other-project/filters/";
    const res = await api("PUT", `${ownPath}browser-extensions/`, { active: true }, t.other.auth);
    expect(res.status).toBe(204);
    expect((await states(ownPath, t.other.auth))["browser-extensions"]).toBe(true);
    expect((await states())["browser-extensions"]).toBe(false);
    expect((await api("PUT", `${ownPath}localhost/`, { active: true })).status).toBe(404);
    expect((await api("GET", ownPath)).status).toBe(404);
  });
});
