/**
 * Alerting end to end: the real `@sentry/node` SDK → edge → backend pipeline (issue alert rules in
 * the batch) → outbox → worker → a local webhook receiver and a local SMTP server (`smtp-server`).
 * Also: a storm of 1,000 events within the cool-down notifies once, a regression notifies again, a
 * metric alert fires and resolves. Prints the time from `captureException` to the webhook.
 */
import { verifySignature } from "@breakwater/core/signature";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SmtpSink,
  startSmtpSink,
  startWebhookSink,
  type WebhookSink,
} from "../../backend/src/testutil/alert-sinks.ts";
import { eventually, startTestStack, type TestStack } from "./harness.ts";

let stack: TestStack;
let hook: WebhookSink;
let smtp: SmtpSink;
const SECRET = "e2e-webhook-secret";
const RULES = "/api/0/projects/default/default/rules/";
const FIRST_SEEN = "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition";
const REGRESSION = "sentry.rules.conditions.regression_event.RegressionEventCondition";
const FREQUENCY = "sentry.rules.conditions.event_frequency.EventFrequencyCondition";
const TAGGED = "sentry.rules.filters.tagged_event.TaggedEventFilter";

interface IssueJson {
  id: string;
  title: string;
  count: string;
}

beforeAll(async () => {
  hook = await startWebhookSink();
  smtp = await startSmtpSink();
  stack = await startTestStack({
    backendVars: {
      BREAKWATER_SMTP_URL: smtp.url,
      BREAKWATER_ALERTS_POLL_MS: "200",
      BREAKWATER_METRIC_ALERTS_INTERVAL_MS: "500",
    },
  });
  // The storm plus the rest exceed spike protection's default floor (1,000 per hour); the edge
  // reads the setting on its first config fetch, which comes after this.
  const spike = await stack.api("/api/0/projects/default/default/spike-protection/", {
    method: "PUT",
    body: JSON.stringify({ enabled: false }),
  });
  if (spike.status !== 200) throw new Error(`spike protection: ${spike.status}`);
  Sentry.init({
    dsn: stack.dsn,
    release: "alerts@1.0.0",
    environment: "e2e",
    tracesSampleRate: 0,
    // No Dedupe (the storm repeats one error on purpose) and no process handlers (the runner's).
    integrations: (defaults) =>
      defaults.filter((i) => !["Dedupe", "OnUncaughtException", "OnUnhandledRejection"].includes(i.name)),
  });
}, 180_000);

afterAll(async () => {
  await Sentry.close(2_000);
  await stack?.close();
  await hook?.close();
  await smtp?.close();
});

async function createRule(body: Record<string, unknown>): Promise<string> {
  const res = await stack.api<{ id: string }>(RULES, { method: "POST", body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`rule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

function capture(error: Error, suite: string, o: { shiftSeconds?: number; fingerprint?: string[] } = {}): void {
  const shiftSeconds = o.shiftSeconds ?? 0;
  Sentry.withScope((scope) => {
    scope.setTag("suite", suite);
    if (o.fingerprint) scope.setFingerprint(o.fingerprint);
    if (shiftSeconds !== 0) {
      scope.addEventProcessor((event) => ({
        ...event,
        timestamp: (event.timestamp ?? Date.now() / 1000) + shiftSeconds,
      }));
    }
    Sentry.captureException(error);
  });
}

async function findIssue(title: string): Promise<IssueJson | undefined> {
  const res = await stack.api<IssueJson[]>("/api/0/projects/default/default/issues/?query=&statsPeriod=");
  return res.body.find((i) => i.title === title);
}

const hooksAt = (path: string) => hook.received.filter((r) => r.path === path);
const payloads = (path: string) =>
  hooksAt(path).map((r) => JSON.parse(r.body) as { id: string; title: string; url: string });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

describe("alerts end to end", () => {
  it("a new error sends exactly one webhook and one email with the issue's title and link", async () => {
    await createRule({
      name: "New or regressed (e2e)",
      actionMatch: "any",
      frequency: 60,
      conditions: [{ id: FIRST_SEEN }, { id: REGRESSION }],
      filters: [{ id: TAGGED, key: "suite", match: "eq", value: "alerts-e2e" }],
      actions: [
        { id: "webhook", url: `${hook.url}/new`, secret: SECRET },
        { id: "email", targetIdentifier: "oncall@example.com" },
      ],
    });

    // Five distinct new errors, one at a time: each must arrive once; the latency is the figure.
    const latencies: number[] = [];
    for (let run = 0; run < 5; run++) {
      const title = `Error: alert latency run ${run}`;
      const started = Date.now();
      // Same throw site, so the same stack: a fingerprint makes each run its own issue.
      capture(new Error(`alert latency run ${run}`), "alerts-e2e", { fingerprint: [`latency-${run}`] });
      const arrived = await eventually(
        async () => hooksAt("/new").find((r) => JSON.parse(r.body).title === title),
        30_000,
        20,
      );
      latencies.push(arrived.at - started);
    }
    console.log(`captureException → webhook received: runs ${latencies.join(", ")} ms; median ${median(latencies)} ms`);
    expect(await Sentry.flush(10_000)).toBe(true);

    const issue = await eventually(() => findIssue("Error: alert latency run 0"));
    const link = `http://127.0.0.1:3000/organizations/default/projects/default/issues/${issue.id}`;
    // Let a late duplicate show up, if there were one.
    await new Promise((r) => setTimeout(r, 1_000));
    const first = hooksAt("/new").filter((r) => JSON.parse(r.body).id === issue.id);
    expect(first).toHaveLength(1);
    expect(JSON.parse(first[0]?.body ?? "{}")).toMatchObject({ title: "Error: alert latency run 0", url: link });
    expect(
      verifySignature(SECRET, first[0]?.headers["x-breakwater-signature"] as string, first[0]?.body ?? "").ok,
    ).toBe(true);
    const mails = await eventually(async () => {
      const m = smtp.mails.filter((x) => x.subject.includes("alert latency run 0"));
      return m.length > 0 ? m : undefined;
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(["oncall@example.com"]);
    expect(mails[0]?.text).toContain(link);
  });

  it("a storm of 1,000 events of one issue notifies once, and its regression notifies again", async () => {
    await createRule({
      name: "Storm (e2e)",
      frequency: 60,
      conditions: [{ id: FREQUENCY, value: 100, interval: "1h" }],
      filters: [{ id: TAGGED, key: "suite", match: "eq", value: "alerts-e2e" }],
      actions: [{ id: "webhook", url: `${hook.url}/storm` }],
    });
    const title = "RangeError: storm of the same error";
    // The SDK's transport drops what does not fit its 64-request buffer: send in flushed chunks.
    for (let sent = 0; sent < 1_000; sent += 50) {
      for (let i = 0; i < 50; i++) capture(new RangeError("storm of the same error"), "alerts-e2e");
      expect(await Sentry.flush(30_000)).toBe(true);
    }
    const issue = await eventually(
      async () => {
        const found = await findIssue(title);
        return found && Number(found.count) >= 1_000 ? found : undefined;
      },
      90_000,
      250,
    );
    expect(issue.count).toBe("1000");
    await eventually(async () => (hooksAt("/storm").length > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(payloads("/storm").map((p) => p.id)).toEqual([issue.id]);
    expect(payloads("/new").filter((p) => p.id === issue.id)).toHaveLength(1);

    const resolved = await stack.api(`/api/0/issues/${issue.id}/`, {
      method: "PUT",
      body: JSON.stringify({ status: "resolved" }),
    });
    expect(resolved.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_100)); // the next event must be newer than the resolution
    capture(new RangeError("storm of the same error"), "alerts-e2e");
    expect(await Sentry.flush(10_000)).toBe(true);
    await eventually(async () => (payloads("/new").filter((p) => p.id === issue.id).length === 2 ? true : undefined));
    const again = hooksAt("/new").filter((r) => JSON.parse(r.body).id === issue.id);
    expect(JSON.parse(again[1]?.body ?? "{}").alert.reason).toContain("regressed");
    // Still inside the storm rule's cool-down: no second storm notification.
    expect(hooksAt("/storm")).toHaveLength(1);
  });

  it("a metric alert fires and resolves", async () => {
    const res = await stack.api<{ id: string }>("/api/0/organizations/default/alert-rules/", {
      method: "POST",
      body: JSON.stringify({
        name: "Metric (e2e)",
        aggregate: "count()",
        query: "suite:alerts-metric",
        timeWindow: 1,
        projects: ["default"],
        resolveThreshold: 0,
        triggers: [{ label: "critical", alertThreshold: 2, actions: [{ id: "webhook", url: `${hook.url}/metric` }] }],
      }),
    });
    expect(res.status).toBe(201);
    // Three events 45 s old: inside the 1-minute window now, out of it ~15 s later.
    for (let i = 0; i < 3; i++) capture(new TypeError(`metric event ${i}`), "alerts-metric", { shiftSeconds: -45 });
    expect(await Sentry.flush(10_000)).toBe(true);
    const fired = await eventually(async () => payloads("/metric")[0], 30_000, 100);
    expect(fired.title).toBe("[Critical] Metric (e2e)");
    const resolved = await eventually(async () => payloads("/metric")[1], 60_000, 250);
    expect(resolved.title).toBe("[Resolved] Metric (e2e)");
    const rule = await stack.api<{ state: string }>(`/api/0/organizations/default/alert-rules/${res.body.id}/`);
    expect(rule.body.state).toBe("ok");
  });
});
