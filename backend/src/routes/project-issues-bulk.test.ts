/** Bulk status changes of a project's issues: `PUT .../issues/?id=…&id=…` with `{status}`. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processBatch } from "../pipeline/process-batch.ts";
import type { IssueJson } from "../serializers/issue.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { errorRecord } from "../testutil/records.ts";

let h: Harness;
let ids: string[];

beforeAll(async () => {
  h = await createHarness();
  await processBatch(
    { db: h.services.db, events: h.services.events },
    ["a", "b", "c"].map((fn) => errorRecord({ type: `Bulk${fn}`, functions: [fn] })),
  );
  ids = (await list("")).map((i) => i.id).sort();
});
afterAll(async () => {
  await h?.close();
});

async function list(query: string): Promise<IssueJson[]> {
  const res = await h.app.request(`/api/0/projects/default/default/issues/?query=${encodeURIComponent(query)}`, {
    headers: h.auth,
  });
  return (await res.json()) as IssueJson[];
}

function bulk(qs: string, body: unknown, headers: Record<string, string> = h.auth) {
  return h.app.request(`/api/0/projects/default/default/issues/?${qs}`, {
    method: "PUT",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("PUT /api/0/projects/{org}/{project}/issues/?id=", () => {
  it("resolves exactly the listed issues and answers Sentry's shape", async () => {
    const [a, b, c] = ids;
    const res = await bulk(`id=${a}&id=${b}`, { status: "resolved" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "resolved", statusDetails: {} });
    expect((await list("is:resolved")).map((i) => i.id).sort()).toEqual([a, b]);
    expect((await list("is:unresolved")).map((i) => i.id)).toEqual([c]);
  });

  it("ignores and reopens with Sentry's substatus", async () => {
    const [a] = ids;
    expect((await bulk(`id=${a}`, { status: "ignored" })).status).toBe(200);
    expect((await list("is:ignored")).map((i) => [i.id, i.substatus])).toEqual([[a, "archived_forever"]]);
    expect((await bulk(`id=${a}`, { status: "unresolved" })).status).toBe(200);
    expect((await list("is:ignored")).length).toBe(0);
  });

  it("refuses a request without ids, with a bad id, or with a bad status", async () => {
    expect((await bulk("", { status: "resolved" })).status).toBe(400);
    expect((await bulk("id=abc", { status: "resolved" })).status).toBe(400);
    expect((await bulk(`id=${ids[0]}`, { status: "deleted" })).status).toBe(400);
  });

  it("leaves other organizations alone: their token gets 404, foreign ids change nothing", async () => {
    const other = await createOtherOrg(h.services.db);
    expect((await bulk(`id=${ids[2]}`, { status: "ignored" }, other.auth)).status).toBe(404);
    const foreign = await h.app.request(`/api/0/projects/other/other-project/issues/?id=${ids[2]}`, {
      method: "PUT",
      headers: { ...other.auth, "Content-Type": "application/json" },
      body: JSON.stringify({ status: "ignored" }),
    });
    expect(foreign.status).toBe(204);
    expect((await list("is:ignored")).length).toBe(0);
  });
});
