import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processBatch } from "../pipeline/process-batch.ts";
import type { EventJson, SimpleEventJson } from "../serializers/event.ts";
import type { IssueJson } from "../serializers/issue.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { errorRecord, messageRecord } from "../testutil/records.ts";

let h: Harness;
let issueId: string;
const now = Math.floor(Date.now() / 1000);
const ids = ["1".repeat(32), "2".repeat(32), "3".repeat(32)];

beforeAll(async () => {
  h = await createHarness();
  await processBatch(
    { db: h.services.db, events: h.services.events },
    ids.map((eventId, i) =>
      errorRecord({ type: "Evt", value: "e", functions: ["evt"], eventId, timestamp: now - 300 + i * 100 }),
    ),
  );
  await processBatch({ db: h.services.db, events: h.services.events }, [
    messageRecord("hello message", "4".repeat(32)),
  ]);
  const res = await h.app.request("/api/0/projects/default/default/issues/?query=Evt", { headers: h.auth });
  issueId = ((await res.json()) as IssueJson[])[0]?.id ?? "";
});
afterAll(async () => {
  await h?.close();
});

const get = (path: string) => h.app.request(path, { headers: h.auth });

describe("GET /api/0/issues/{id}/events/", () => {
  it("lists the issue's events newest first as simple events", async () => {
    const res = await get(`/api/0/issues/${issueId}/events/`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as SimpleEventJson[];
    expect(body.map((e) => e.eventID)).toEqual([ids[2], ids[1], ids[0]]);
    expect(body[0]).toMatchObject({
      id: ids[2],
      groupID: issueId,
      projectID: "1",
      "event.type": "error",
      title: "Evt: e",
      platform: "node",
      user: { id: "42", email: "jane@example.com" },
      tags: expect.arrayContaining([
        { key: "browser", value: "Firefox" },
        { key: "level", value: "error" },
      ]),
    });
    expect(body[0]?.dateCreated).toBe(new Date((now - 100) * 1000).toISOString());
    expect(body[0]).not.toHaveProperty("entries");
  });

  it("paginates by offset cursor and returns full events with full=true", async () => {
    const page = await get(`/api/0/issues/${issueId}/events/?limit=2`);
    expect(((await page.json()) as SimpleEventJson[]).map((e) => e.eventID)).toEqual([ids[2], ids[1]]);
    const link = page.headers.get("Link") ?? "";
    expect(link).toContain('rel="next"; results="true"; cursor="0:2:0"');
    expect(link).toContain('rel="previous"; results="false"');
    const rest = await get(`/api/0/issues/${issueId}/events/?limit=2&cursor=0:2:0&full=true`);
    const restBody = (await rest.json()) as EventJson[];
    expect(restBody.map((e) => e.eventID)).toEqual([ids[0]]);
    expect(restBody[0]?.entries.length).toBeGreaterThan(0);
    expect(rest.headers.get("Link")).toContain('rel="next"; results="false"');
  });
});

describe("GET /api/0/issues/{id}/events/latest/", () => {
  it("returns the newest event with entries and its neighbours", async () => {
    const res = await get(`/api/0/issues/${issueId}/events/latest/`);
    expect(res.status).toBe(200);
    const e = (await res.json()) as EventJson;
    expect(e).toMatchObject({
      id: ids[2],
      eventID: ids[2],
      groupID: issueId,
      projectID: "1",
      type: "error",
      title: "Evt: e",
      culprit: expect.any(String),
      platform: "node",
      sdk: { name: "sentry.javascript.node", version: "8.0.0" },
      release: { version: "app@1.0.0" },
      environment: "production",
      previousEventID: ids[1],
      nextEventID: null,
      metadata: { type: "Evt", value: "e" },
    });
    expect(e.dateReceived).toBe(new Date((now - 100 + 0.5) * 1000).toISOString());
    expect(e.entries.map((x) => x.type)).toEqual(["exception", "breadcrumbs", "request"]);
    const exception = e.entries[0]?.data as {
      values: { type: string; mechanism: unknown; stacktrace: { frames: unknown[] } }[];
    };
    expect(exception.values[0]).toMatchObject({
      type: "Evt",
      value: "e",
      mechanism: { type: "onunhandledrejection", handled: false },
    });
    expect(exception.values[0]?.stacktrace.frames[0]).toEqual(
      expect.objectContaining({
        filename: "src/app.js",
        absPath: "/srv/app/src/app.js",
        function: "evt",
        lineNo: 10,
        colNo: 5,
        inApp: true,
        context: [
          [9, "// before"],
          [10, "  evt();"],
          [11, "// after"],
        ],
      }),
    );
    const request = e.entries[2]?.data;
    expect(request).toMatchObject({
      url: "https://app.example.com/checkout",
      method: "POST",
      headers: [["User-Agent", "test"]],
    });
  });
});

describe("GET /api/0/projects/{org}/{project}/events/{event_id}/", () => {
  it("returns one event with neighbours in its issue", async () => {
    const res = await get(`/api/0/projects/default/default/events/${ids[1]}/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ eventID: ids[1], previousEventID: ids[0], nextEventID: ids[2] });
  });

  it("accepts the dashed UUID form", async () => {
    const dashed = `${"2".repeat(8)}-${"2".repeat(4)}-${"2".repeat(4)}-${"2".repeat(4)}-${"2".repeat(12)}`;
    expect((await get(`/api/0/projects/default/default/events/${dashed}/`)).status).toBe(200);
  });

  it("serializes message events with a message entry", async () => {
    const res = await get(`/api/0/projects/default/default/events/${"4".repeat(32)}/`);
    const e = (await res.json()) as EventJson;
    expect(e).toMatchObject({ type: "default", title: "hello message", message: "hello message" });
    expect(e.entries).toEqual([{ type: "message", data: { formatted: "hello message", message: null, params: null } }]);
  });

  it("answers 404 for unknown and malformed ids", async () => {
    expect((await get(`/api/0/projects/default/default/events/${"9".repeat(32)}/`)).status).toBe(404);
    expect((await get("/api/0/projects/default/default/events/xyz'/")).status).toBe(404);
  });
});
