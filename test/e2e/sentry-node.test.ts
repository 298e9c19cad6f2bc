/**
 * A real `@sentry/node` SDK sends to the local DSN; the events must come out of the REST API as
 * issues with Sentry's title, culprit, level, tags and stack trace. This is the walking skeleton's
 * proof: SDK → edge (workerd) → queue → backend → chDB + PGlite → API.
 */
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestStack, type TestStack } from "./harness.ts";

interface ApiIssue {
  id: string;
  title: string;
  culprit: string;
  level: string;
  status: string;
  count: string;
  userCount: number;
  metadata: { type?: string; value?: string };
}
interface ApiFrame {
  function?: string | null;
  filename?: string | null;
  inApp?: boolean;
  lineNo?: number | null;
}
interface ApiEvent {
  eventID: string;
  groupID: string;
  title: string;
  tags: Array<{ key: string; value: string }>;
  entries: Array<{
    type: string;
    data: { values?: Array<{ type: string; value: string; stacktrace?: { frames: ApiFrame[] } }> };
  }>;
}

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  Sentry.init({
    dsn: stack.dsn,
    release: "e2e@1.2.3",
    environment: "e2e",
    tracesSampleRate: 0,
    // The test runner owns process-level handlers.
    integrations: (defaults) =>
      defaults.filter((i) => !["OnUncaughtException", "OnUnhandledRejection"].includes(i.name)),
  });
  Sentry.setTag("suite", "sentry-node");
  Sentry.setUser({ id: "user-1", email: "one@example.com" });
});

afterAll(async () => {
  await Sentry.close(2_000);
  await stack?.close();
});

function loadInvoice(id: string): never {
  throw new TypeError(`invoice ${id} is undefined`);
}

function chargeCard(): never {
  throw new RangeError("amount out of range");
}

const issuesPath = "/api/0/projects/default/default/issues/?query=&statsPeriod=24h";

async function findIssue(title: string): Promise<ApiIssue | undefined> {
  const res = await stack.api<ApiIssue[]>(issuesPath);
  if (res.status !== 200) throw new Error(`issue list: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.find((i) => i.title === title);
}

describe("@sentry/node → Breakwater", () => {
  it("turns a captured exception into an issue with title, culprit, level, tags and stack trace", async () => {
    const started = Date.now();
    try {
      loadInvoice("INV-7");
    } catch (e) {
      Sentry.captureException(e);
    }
    expect(await Sentry.flush(10_000)).toBe(true);

    const issue = await eventually(() => findIssue("TypeError: invoice INV-7 is undefined"));
    const visibleAfterMs = Date.now() - started;
    console.log(`captureException → visible in the issue list API: ${visibleAfterMs} ms`);

    expect(issue).toMatchObject({ level: "error", status: "unresolved", count: "1", userCount: 1 });
    expect(issue.culprit).toContain("loadInvoice");
    expect(issue.metadata).toMatchObject({ type: "TypeError", value: "invoice INV-7 is undefined" });

    const detail = await stack.api<ApiIssue>(`/api/0/issues/${issue.id}/`);
    expect(detail.status).toBe(200);
    expect(detail.body.title).toBe(issue.title);

    const latest = await stack.api<ApiEvent>(`/api/0/issues/${issue.id}/events/latest/`);
    expect(latest.status).toBe(200);
    expect(latest.body.groupID).toBe(issue.id);
    const tags = Object.fromEntries(latest.body.tags.map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({ level: "error", environment: "e2e", release: "e2e@1.2.3", suite: "sentry-node" });

    const exception = latest.body.entries.find((e) => e.type === "exception");
    const value = exception?.data.values?.at(-1);
    expect(value).toMatchObject({ type: "TypeError", value: "invoice INV-7 is undefined" });
    const frames = value?.stacktrace?.frames ?? [];
    const top = frames.at(-1);
    expect(top).toMatchObject({ function: "loadInvoice", inApp: true });
    expect(top?.filename).toContain("sentry-node.test.ts");
    expect(typeof top?.lineNo).toBe("number");

    const byId = await stack.api<ApiEvent>(`/api/0/projects/default/default/events/${latest.body.eventID}/`);
    expect(byId.status).toBe(200);
    expect(byId.body.eventID).toBe(latest.body.eventID);
  });

  it("turns a captured message into an issue at the message's level", async () => {
    Sentry.captureMessage("Cache warm-up skipped for tenant 42", "warning");
    expect(await Sentry.flush(10_000)).toBe(true);
    const issue = await eventually(() => findIssue("Cache warm-up skipped for tenant 42"));
    expect(issue.level).toBe("warning");
    const events = await stack.api<ApiEvent[]>(`/api/0/issues/${issue.id}/events/`);
    expect(events.status).toBe(200);
    expect(events.body).toHaveLength(1);
  });

  it("groups the same error captured twice into one issue with count 2", async () => {
    // The SDK's Dedupe integration drops an event identical to the one just before it, so another
    // event goes in between, as it would in a real app.
    for (let i = 0; i < 2; i++) {
      try {
        chargeCard();
      } catch (e) {
        Sentry.captureException(e);
      }
      Sentry.captureMessage(`checkout attempt ${i}`, "info");
    }
    expect(await Sentry.flush(10_000)).toBe(true);
    const issue = await eventually(async () => {
      const found = await findIssue("RangeError: amount out of range");
      return found?.count === "2" ? found : undefined;
    });
    const all = await stack.api<ApiIssue[]>(issuesPath);
    expect(all.body.filter((i) => i.title === "RangeError: amount out of range")).toHaveLength(1);
    const events = await stack.api<ApiEvent[]>(`/api/0/issues/${issue.id}/events/`);
    expect(events.body).toHaveLength(2);
  });

  it("rejects an unknown DSN key with 403 at the edge", async () => {
    const res = await fetch(`${stack.edgeUrl}/api/1/envelope/?sentry_key=${"0".repeat(32)}&sentry_version=7`, {
      method: "POST",
      body: '{}\n{"type":"event"}\n{"message":"x"}\n',
    });
    expect(res.status).toBe(403);
  });
});
