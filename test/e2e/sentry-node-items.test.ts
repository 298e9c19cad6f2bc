/**
 * The other item types, end to end with a real `@sentry/node` SDK: a transaction, an attachment, a
 * release-health session and user feedback travel SDK → edge (workerd) → queue → backend →
 * ClickHouse and come back out of the REST API (event details, event attachments, organization
 * sessions, project user feedback).
 */
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestStack, type TestStack } from "./harness.ts";

const RELEASE = `items@${Date.now()}`;
let stack: TestStack;
const transactionIds: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  Sentry.init({
    dsn: stack.dsn,
    release: RELEASE,
    environment: "e2e",
    tracesSampleRate: 1,
    // A classic `transaction` item (SDK 11 streams `span` items otherwise).
    traceLifecycle: "static",
    beforeSendTransaction: (event) => {
      if (event.event_id) transactionIds.push(event.event_id);
      return event;
    },
    integrations: (defaults) =>
      defaults.filter((i) => !["OnUncaughtException", "OnUnhandledRejection"].includes(i.name)),
  });
});

afterAll(async () => {
  await Sentry.close(2_000);
  await stack?.close();
});

describe("@sentry/node items → Breakwater", () => {
  it("stores a transaction with its spans, served by the event details endpoint", async () => {
    Sentry.startSpan({ name: "GET /orders/:id", op: "http.server" }, () => {
      Sentry.startSpan({ name: "SELECT orders", op: "db" }, () => {});
    });
    expect(await Sentry.flush(10_000)).toBe(true);
    const [id] = transactionIds;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const res = await eventually(async () => {
      const r = await stack.api<Record<string, unknown>>(`/api/0/projects/default/default/events/${id}/`);
      return r.status === 200 ? r : undefined;
    });
    expect(res.body).toMatchObject({
      eventID: id,
      type: "transaction",
      title: "GET /orders/:id",
      release: { version: RELEASE },
      contexts: { trace: { op: "http.server" } },
      entries: [{ type: "spans", data: [expect.objectContaining({ op: "db", description: "SELECT orders" })] }],
    });
  });

  it("stores an attachment with its event; the API lists it and returns its bytes", async () => {
    const content = "line 1\nline 2 ü\n";
    let eventId = "";
    Sentry.withScope((scope) => {
      scope.addAttachment({ filename: "notes.txt", data: content, contentType: "text/plain" });
      eventId = Sentry.captureMessage("with notes", "warning");
    });
    expect(await Sentry.flush(10_000)).toBe(true);
    const base = `/api/0/projects/default/default/events/${eventId}/attachments/`;
    const list = await eventually(async () => {
      const r = await stack.api<Array<{ id: string; name: string; size: number; mimetype: string }>>(base);
      return r.body.length > 0 ? r.body : undefined;
    });
    expect(list).toEqual([
      expect.objectContaining({ name: "notes.txt", size: Buffer.byteLength(content), mimetype: "text/plain" }),
    ]);
    const download = await fetch(`${stack.backendUrl}${base}${list[0]?.id}/?download=1`, {
      headers: { authorization: `Bearer ${stack.apiToken}` },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(content);
  });

  it("counts a session in release health", async () => {
    Sentry.startSession();
    Sentry.endSession();
    expect(await Sentry.flush(10_000)).toBe(true);
    const query = `/api/0/organizations/default/sessions/?field=sum(session)&groupBy=release&statsPeriod=1h&query=release:"${RELEASE}"`;
    const body = await eventually(async () => {
      const r = await stack.api<{ groups: Array<{ by: { release: string }; totals: Record<string, number> }> }>(query);
      return r.body.groups.length > 0 ? r.body : undefined;
    });
    expect(body.groups).toEqual([expect.objectContaining({ by: { release: RELEASE }, totals: { "sum(session)": 1 } })]);
  });

  it("stores user feedback, listed by the project's user-feedback endpoint", async () => {
    const comments = `The order page is blank (${RELEASE})`;
    Sentry.captureFeedback({ message: comments, name: "Ada", email: "ada@example.com" });
    expect(await Sentry.flush(10_000)).toBe(true);
    const list = await eventually(async () => {
      const r = await stack.api<Array<{ comments: string; name: string; email: string }>>(
        "/api/0/projects/default/default/user-feedback/",
      );
      return r.body.some((f) => f.comments === comments) ? r.body : undefined;
    });
    expect(list.find((f) => f.comments === comments)).toMatchObject({ name: "Ada", email: "ada@example.com" });
  });
});
