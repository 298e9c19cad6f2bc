import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issues } from "../db/schema/index.ts";
import { processBatch } from "../pipeline/process-batch.ts";
import type { IssueJson } from "../serializers/issue.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { errorRecord } from "../testutil/records.ts";

let h: Harness;
const now = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  h = await createHarness();
  // Seven issues, P0 oldest ... P6 newest; P6 seen three times by two users.
  const records = Array.from({ length: 7 }, (_, i) =>
    errorRecord({ type: `Paged${i}`, value: "p", functions: [`paged${i}`], timestamp: now - 600 + i * 60 }),
  );
  records.push(
    errorRecord({ type: "Paged6", value: "p", functions: ["paged6"], timestamp: now - 200, user: { id: "7" } }),
    errorRecord({ type: "Paged6", value: "p", functions: ["paged6"], timestamp: now - 100, user: { id: "7" } }),
  );
  await processBatch({ db: h.services.db, events: h.services.events }, records);
  await h.services.db.update(issues).set({ status: "resolved" }).where(eq(issues.title, "Paged1: p"));
  await h.services.db.update(issues).set({ status: "ignored" }).where(eq(issues.title, "Paged2: p"));
});
afterAll(async () => {
  await h?.close();
});

const list = async (query = "") => {
  const res = await h.app.request(`/api/0/projects/default/default/issues/${query}`, { headers: h.auth });
  return { res, body: (await res.json()) as IssueJson[] };
};

const titles = (body: IssueJson[]) => body.map((i) => i.title);

/** Parses `Link` into rel → {url, results, cursor}. */
function parseLink(header: string | null) {
  const out: Record<string, { url: string; results: boolean; cursor: string }> = {};
  for (const part of (header ?? "").split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>; rel="(\w+)"; results="(true|false)"; cursor="([^"]+)"$/.exec(part.trim());
    if (m?.[2]) out[m[2]] = { url: m[1] ?? "", results: m[3] === "true", cursor: m[4] ?? "" };
  }
  return out;
}

describe("GET /api/0/projects/{org}/{project}/issues/", () => {
  it("lists unresolved issues by default, most recently seen first, in Sentry's shape", async () => {
    const { res, body } = await list();
    expect(res.status).toBe(200);
    expect(titles(body)).toEqual(["Paged6: p", "Paged5: p", "Paged4: p", "Paged3: p", "Paged0: p"]);
    const top = body[0];
    expect(top).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      shortId: expect.stringMatching(/^DEFAULT-[0-9A-Z]+$/),
      title: "Paged6: p",
      culprit: expect.any(String),
      level: "error",
      status: "unresolved",
      substatus: "new",
      type: "error",
      metadata: { type: "Paged6", value: "p" },
      count: "3",
      userCount: 2,
      project: { id: "1", slug: "default", name: "Default" },
      numComments: 0,
      isBookmarked: false,
      permalink: `http://dashboard.test/organizations/default/issues/${top?.id}/`,
    });
    expect(new Date(top?.lastSeen ?? "").getTime()).toBe((now - 100) * 1000);
    expect(top?.firstSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it("includes a 24-bucket hourly series", async () => {
    const { body } = await list();
    const series = body[0]?.stats?.["24h"] ?? [];
    expect(series).toHaveLength(24);
    expect(series.reduce((n, [, c]) => n + c, 0)).toBe(3);
    const { body: none } = await list("?statsPeriod=");
    expect(none[0]?.stats).toBeUndefined();
  });

  it("filters by status and free text", async () => {
    expect(titles((await list("?query=is:resolved")).body)).toEqual(["Paged1: p"]);
    expect(titles((await list("?query=is:ignored")).body)).toEqual(["Paged2: p"]);
    expect((await list("?query=")).body).toHaveLength(7);
    expect(titles((await list("?query=is:unresolved%20Paged4")).body)).toEqual(["Paged4: p"]);
    expect((await list("?query=nothing-matches")).body).toEqual([]);
    // LIKE metacharacters are literal.
    expect((await list("?query=Paged%25")).body).toEqual([]);
  });

  it("refuses unsupported search keys and bad cursors with 400", async () => {
    expect((await list("?query=assigned:me")).res.status).toBe(400);
    expect((await list("?cursor=bogus")).res.status).toBe(400);
    expect((await list("?limit=0")).res.status).toBe(400);
  });

  it("paginates with Sentry's Link header, forwards and backwards", async () => {
    const page1 = await list("?query=&limit=3");
    expect(titles(page1.body)).toEqual(["Paged6: p", "Paged5: p", "Paged4: p"]);
    const links1 = parseLink(page1.res.headers.get("Link"));
    expect(links1.previous?.results).toBe(false);
    expect(links1.next?.results).toBe(true);
    expect(links1.next?.cursor).toMatch(/^\d+:\d+:0$/);

    const page2 = await list(`?query=&limit=3&cursor=${links1.next?.cursor}`);
    expect(titles(page2.body)).toEqual(["Paged3: p", "Paged2: p", "Paged1: p"]);
    const links2 = parseLink(page2.res.headers.get("Link"));
    expect(links2.previous?.results).toBe(true);
    expect(links2.next?.results).toBe(true);

    const page3 = await list(`?query=&limit=3&cursor=${links2.next?.cursor}`);
    expect(titles(page3.body)).toEqual(["Paged0: p"]);
    const links3 = parseLink(page3.res.headers.get("Link"));
    expect(links3.next?.results).toBe(false);

    const back = await list(`?query=&limit=3&cursor=${links3.previous?.cursor}`);
    expect(titles(back.body)).toEqual(["Paged3: p", "Paged2: p", "Paged1: p"]);
    const backLinks = parseLink(back.res.headers.get("Link"));
    expect(backLinks.previous?.results).toBe(true);
    const first = await list(`?query=&limit=3&cursor=${backLinks.previous?.cursor}`);
    expect(titles(first.body)).toEqual(["Paged6: p", "Paged5: p", "Paged4: p"]);
    expect(parseLink(first.res.headers.get("Link")).previous?.results).toBe(false);

    // The next link is a usable URL that keeps the other parameters.
    const url = new URL(links1.next?.url ?? "");
    expect(url.pathname).toBe("/api/0/projects/default/default/issues/");
    expect(url.searchParams.get("limit")).toBe("3");
  });

  it("answers without the trailing slash too", async () => {
    const res = await h.app.request("/api/0/projects/default/default/issues", { headers: h.auth });
    expect(res.status).toBe(200);
  });

  it("answers 404 for an unknown project", async () => {
    const res = await h.app.request("/api/0/projects/default/nope/issues/", { headers: h.auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ detail: expect.any(String) });
  });
});
