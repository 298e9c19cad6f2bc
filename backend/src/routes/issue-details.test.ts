import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processBatch } from "../pipeline/process-batch.ts";
import type { IssueDetailJson } from "../serializers/issue.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { errorRecord } from "../testutil/records.ts";

let h: Harness;
let issueId: string;
let shortId: string;

beforeAll(async () => {
  h = await createHarness();
  await processBatch({ db: h.services.db, events: h.services.events }, [
    errorRecord({ type: "Detail", value: "d", functions: ["detail"], user: { email: "a@example.com" } }),
    errorRecord({ type: "Detail", value: "d", functions: ["detail"], user: { email: "b@example.com" } }),
  ]);
  const res = await h.app.request("/api/0/projects/default/default/issues/", { headers: h.auth });
  const [issue] = (await res.json()) as IssueDetailJson[];
  issueId = issue?.id ?? "";
  shortId = issue?.shortId ?? "";
});
afterAll(async () => {
  await h?.close();
});

const get = (id: string) => h.app.request(`/api/0/issues/${id}/`, { headers: h.auth });
const put = (id: string, body: unknown) =>
  h.app.request(`/api/0/issues/${id}/`, {
    method: "PUT",
    headers: { ...h.auth, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("GET /api/0/issues/{id}/", () => {
  it("returns the issue with detail fields", async () => {
    const res = await get(issueId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as IssueDetailJson;
    expect(body).toMatchObject({
      id: issueId,
      shortId,
      title: "Detail: d",
      status: "unresolved",
      count: "2",
      userCount: 2,
      firstRelease: { version: "app@1.0.0" },
      activity: [],
      project: { id: "1", slug: "default" },
    });
    expect(body.stats?.["24h"]).toHaveLength(24);
    expect(body.stats?.["30d"]).toHaveLength(30);
  });

  it("accepts the short id", async () => {
    const res = await get(shortId);
    expect(res.status).toBe(200);
    expect(((await res.json()) as IssueDetailJson).id).toBe(issueId);
    expect((await get(`OTHER-${shortId.split("-")[1]}`)).status).toBe(404);
  });

  it("answers 404 for unknown or malformed ids", async () => {
    expect((await get("999999")).status).toBe(404);
    expect((await get("1;DROP")).status).toBe(404);
  });
});

describe("PUT /api/0/issues/{id}/", () => {
  it("resolves, ignores and reopens, answering with the updated issue", async () => {
    const resolved = await put(issueId, { status: "resolved" });
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ id: issueId, status: "resolved", substatus: null });
    expect(await (await get(issueId)).json()).toMatchObject({ status: "resolved" });

    expect(await (await put(issueId, { status: "ignored" })).json()).toMatchObject({
      status: "ignored",
      substatus: "archived_forever",
    });
    expect(await (await put(issueId, { status: "unresolved" })).json()).toMatchObject({
      status: "unresolved",
      substatus: "ongoing",
    });
  });

  it("refuses unknown statuses and non-JSON bodies with 400", async () => {
    const bad = await put(issueId, { status: "deleted" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ detail: "Invalid json", causes: [expect.stringContaining("status")] });
    const missing = await put(issueId, {});
    expect(missing.status).toBe(400);
    const notJson = await h.app.request(`/api/0/issues/${issueId}/`, {
      method: "PUT",
      headers: { ...h.auth, "Content-Type": "application/json" },
      body: "{oops",
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ detail: expect.any(String) });
  });
});
