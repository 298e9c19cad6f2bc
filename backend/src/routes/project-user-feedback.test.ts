import { UserReportRecordSchema } from "@breakwater/core/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { ingest } from "../testutil/ingest.ts";
import { newEventId } from "../testutil/records.ts";
import type { UserReportJson } from "./project-user-feedback.ts";

let h: Harness;
const now = Math.floor(Date.now() / 1000);
const report = (comments: string, ts: number, eventId = newEventId()) =>
  UserReportRecordSchema.parse({
    kind: "user_report",
    project_id: 1,
    key_id: 1,
    received: ts,
    user_report: {
      report_id: eventId,
      event_id: eventId,
      name: "Ada",
      email: "ada@example.com",
      comments,
      timestamp: ts,
    },
  });
const older = report("first", now - 60);
const newer = report("second", now);

beforeAll(async () => {
  h = await createHarness();
  // The newer one twice (an SDK retry): listed once.
  await ingest(h, [older, newer]);
  await ingest(h, [newer]);
});
afterAll(async () => {
  await h?.close();
});

describe("GET /api/0/projects/{org}/{project}/user-feedback/", () => {
  it("lists the project's reports newest first, in Sentry's shape", async () => {
    const res = await h.app.request("/api/0/projects/default/default/user-feedback/", { headers: h.auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as UserReportJson[];
    expect(body.map((r) => r.comments)).toEqual(["second", "first"]);
    expect(body[0]).toEqual({
      id: newer.user_report.report_id,
      eventID: newer.user_report.event_id,
      name: "Ada",
      email: "ada@example.com",
      comments: "second",
      dateCreated: new Date(now * 1000).toISOString(),
      user: null,
      event: { id: newer.user_report.event_id, eventID: newer.user_report.event_id },
    });
  });

  it("pages with limit and cursor", async () => {
    const res = await h.app.request("/api/0/projects/default/default/user-feedback/?limit=1&cursor=0:1:0", {
      headers: h.auth,
    });
    expect(((await res.json()) as UserReportJson[]).map((r) => r.comments)).toEqual(["first"]);
  });
});
