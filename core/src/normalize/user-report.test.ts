import { describe, expect, it } from "vitest";
import { UserReportSchema } from "../schema/index.ts";
import { userReportFromItem } from "./user-report.ts";

const ID = "9ec79c33ec9942ab8353589fcb2e04dc";
const OTHER = "bab0abf052094064aed6bb00aed3629e";
const received = 1_800_000_000;

describe("userReportFromItem", () => {
  it("reads a legacy user_report, keyed by its event", () => {
    const r = userReportFromItem(
      "user_report",
      { event_id: ID, name: "Ada", email: "a@b.c", comments: "broken" },
      undefined,
      received,
    );
    expect(r).toEqual({
      ok: true,
      value: { report_id: ID, event_id: ID, name: "Ada", email: "a@b.c", comments: "broken", timestamp: received },
    });
  });

  it("reads a feedback item: its own id, the event it is about, the contact", () => {
    const payload = {
      event_id: OTHER,
      type: "feedback",
      contexts: {
        feedback: { message: "page is broken", contact_email: "a@b.c", name: "Ada", associated_event_id: ID },
      },
    };
    const r = userReportFromItem("feedback", payload, undefined, received);
    expect(r.ok && r.value).toMatchObject({
      report_id: OTHER,
      event_id: ID,
      email: "a@b.c",
      comments: "page is broken",
    });
    const standalone = userReportFromItem("feedback", { contexts: { feedback: { message: "hi" } } }, OTHER, received);
    expect(standalone.ok && [standalone.value.report_id, standalone.value.event_id]).toEqual([OTHER, OTHER]);
  });

  it("cuts long fields to Sentry's sizes, and refuses reports without an event or comments", () => {
    const r = userReportFromItem(
      "user_report",
      { event_id: ID, name: "n".repeat(500), email: "e".repeat(500), comments: "c".repeat(9000) },
      undefined,
      received,
    );
    expect(r.ok && UserReportSchema.safeParse(r.value).success).toBe(true);
    expect(userReportFromItem("user_report", { comments: "x" }, undefined, received)).toEqual({
      ok: false,
      error: "missing_event_id",
    });
    expect(userReportFromItem("feedback", { event_id: ID, contexts: {} }, undefined, received)).toEqual({
      ok: false,
      error: "missing_comments",
    });
  });
});
