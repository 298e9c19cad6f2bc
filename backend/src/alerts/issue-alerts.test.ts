/**
 * Issue alert rules through the real pipeline and stores (embedded or cluster, per the env), the
 * real outbox worker, a local HTTP receiver and a local SMTP server.
 */
import { verifySignature } from "@breakwater/core/signature";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { Inserter, Querier } from "../clickhouse/interface.ts";
import type { Logger } from "../logger.ts";
import { processBatch } from "../pipeline/process-batch.ts";
import type { AlertRuleJson } from "../serializers/alert-rule.ts";
import { apiJson } from "../testutil/alert-api.ts";
import { type SmtpSink, startSmtpSink, startWebhookSink, type WebhookSink } from "../testutil/alert-sinks.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { errorRecord } from "../testutil/records.ts";
import { WEBHOOK_SIGNATURE_HEADER } from "./actions/send.ts";
import { CONDITION_IDS, FILTER_IDS, REDACTED } from "./rule-config.ts";

let h: Harness;
let hook: WebhookSink;
let smtp: SmtpSink;
const RULES = "/api/0/projects/default/default/rules/";
const SECRET = "webhook-signing-secret";

beforeAll(async () => {
  hook = await startWebhookSink();
  smtp = await startSmtpSink();
  h = await createHarness({ alerts: { smtpUrl: smtp.url, retryBaseMs: 50 } });
});
afterAll(async () => {
  await h?.close();
  await hook?.close();
  await smtp?.close();
});

const nowSec = () => Math.floor(Date.now() / 1000);
const drain = () => h.services.alerts.worker.drainOnce();
const at = (path: string) => hook.received.filter((r) => r.path === path);

async function createRule(body: Record<string, unknown>): Promise<AlertRuleJson> {
  const res = await apiJson<AlertRuleJson>(h, "POST", RULES, { frequency: 30, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function issueIdOf(title: string): Promise<string> {
  const res = await apiJson<{ id: string; title: string }[]>(
    h,
    "GET",
    "/api/0/projects/default/default/issues/?query=",
  );
  const found = res.body.find((i) => i.title === title);
  if (!found) throw new Error(`no issue ${title}`);
  return found.id;
}

describe("issue alert rules", () => {
  it("a new issue sends exactly one signed webhook and one email with the title and link", async () => {
    const rule = await createRule({
      name: "New issues",
      conditions: [{ id: CONDITION_IDS.firstSeen }],
      actions: [
        { id: "webhook", url: `${hook.url}/new`, secret: SECRET },
        { id: "email", targetIdentifier: "oncall@example.com" },
      ],
    });
    expect(rule.actions[0]).toEqual({ id: "webhook", url: `${hook.url}/new`, secret: REDACTED });
    expect(JSON.stringify((await apiJson(h, "GET", `${RULES}${rule.id}/`)).body)).not.toContain(SECRET);

    await h.services.pipeline.process([errorRecord({ type: "AlertNew", value: "boom", functions: ["alertNew"] })]);
    // A second event of the same issue: not new any more.
    await h.services.pipeline.process([errorRecord({ type: "AlertNew", value: "boom", functions: ["alertNew"] })]);
    await drain();
    await drain();

    const issueId = await issueIdOf("AlertNew: boom");
    const link = `http://dashboard.test/organizations/default/projects/default/issues/${issueId}`;
    const [req, ...more] = at("/new");
    expect(more).toHaveLength(0);
    if (!req) throw new Error("no webhook");
    const payload = JSON.parse(req.body);
    expect(payload).toMatchObject({
      id: issueId,
      title: "AlertNew: boom",
      url: link,
      triggering_rules: ["New issues"],
    });
    expect(payload.alert).toMatchObject({ kind: "issue", reason: "A new issue was created" });
    const signature = req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifySignature(SECRET, signature, req.body).ok).toBe(true);
    expect(verifySignature("wrong", signature, req.body).ok).toBe(false);

    const mails = smtp.mails.filter((m) => m.to.includes("oncall@example.com"));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain("AlertNew: boom");
    expect(mails[0]?.text).toContain(link);

    const history = await apiJson<{ fires: unknown[]; notifications: { status: string; deliveries: unknown[] }[] }>(
      h,
      "GET",
      `${RULES}${rule.id}/history/`,
    );
    expect(history.body.fires).toHaveLength(1);
    expect(history.body.notifications.map((n) => n.status)).toEqual(["delivered", "delivered"]);
    expect(JSON.stringify(history.body)).not.toContain(SECRET);
    const groups = await apiJson<{ group: { id: string }; count: number }[]>(
      h,
      "GET",
      `${RULES}${rule.id}/group-history/`,
    );
    expect(groups.body).toMatchObject([{ group: { id: issueId }, count: 1 }]);
    // Disable it so later tests' new issues do not use it.
    await apiJson(h, "PUT", `${RULES}${rule.id}/`, { ...rule, status: "disabled" });
  });

  it("a storm of 1,000 events of one issue within the cool-down notifies once", async () => {
    await createRule({
      name: "Busy issue",
      frequency: 60,
      conditions: [{ id: CONDITION_IDS.eventFrequency, value: 10, interval: "1h" }],
      actions: [{ id: "webhook", url: `${hook.url}/storm` }],
    });
    for (let batch = 0; batch < 10; batch++) {
      const records = Array.from({ length: 100 }, () =>
        errorRecord({ type: "Storm", value: "s", functions: ["storm"] }),
      );
      await h.services.pipeline.process(records);
      await drain();
    }
    await drain();
    expect(at("/storm")).toHaveLength(1);
    expect(JSON.parse(at("/storm")[0]?.body ?? "{}").message).toBe("The issue was seen more than 10 times in 1h");
  });

  it("asks ClickHouse for window counts only while the cool-down is not running", async () => {
    const rule = await createRule({
      name: "Counted",
      frequency: 60,
      conditions: [{ id: CONDITION_IDS.eventFrequency, value: 1, interval: "1h" }],
      actions: [{ id: "webhook", url: `${hook.url}/counted` }],
    });
    const store = h.services.events;
    let windowQueries = 0;
    const counting: Querier & Inserter = {
      query: ((text: string, schema?: z.ZodType) => {
        if (text.includes("uniqIf")) windowQueries++;
        return store.query(text, schema as z.ZodType);
      }) as Querier["query"],
      insertJsonEachRow: (table, rows) => store.insertJsonEachRow(table, rows),
      exec: (text) => store.exec(text),
    };
    const deps = { db: h.services.db, events: counting, alerts: { dashboardUrl: "x" } };
    // 3 per batch: the storm rule above (more than 10) never needs a count for this issue.
    const records = () => Array.from({ length: 3 }, () => errorRecord({ type: "Counted", functions: ["counted"] }));
    await processBatch(deps, records());
    expect(windowQueries).toBe(1); // fired
    await processBatch(deps, records());
    await processBatch(deps, records());
    expect(windowQueries).toBe(1); // cooling down: no query
    await drain();
    expect(at("/counted")).toHaveLength(1);
    await apiJson(h, "DELETE", `${RULES}${rule.id}/`);
  });

  it("counts unique users for the users condition", async () => {
    await createRule({
      name: "Many users",
      conditions: [{ id: CONDITION_IDS.uniqueUsers, value: 2, interval: "1h" }],
      actions: [{ id: "webhook", url: `${hook.url}/users` }],
    });
    const record = (user: string) =>
      errorRecord({ type: "Users", value: "u", functions: ["users"], user: { id: user } });
    await h.services.pipeline.process([record("1"), record("2"), record("1"), record("2")]);
    await drain();
    expect(at("/users")).toHaveLength(0);
    await h.services.pipeline.process([record("3")]);
    await drain();
    expect(at("/users")).toHaveLength(1);
  });

  it("a regression fires again, even within the cool-down", async () => {
    await createRule({
      name: "New or regressed",
      frequency: 60,
      actionMatch: "any",
      conditions: [{ id: CONDITION_IDS.firstSeen }, { id: CONDITION_IDS.regression }],
      filters: [{ id: FILTER_IDS.tagged, key: "suite", match: "eq", value: "regression" }],
      actions: [{ id: "webhook", url: `${hook.url}/regression` }],
    });
    const record = (timestamp: number) =>
      errorRecord({
        type: "Regress",
        value: "r",
        functions: ["regress"],
        timestamp,
        extra: { tags: [["suite", "regression"]] },
      });
    await h.services.pipeline.process([record(nowSec() - 30)]);
    await drain();
    const issueId = await issueIdOf("Regress: r");
    const resolved = await apiJson(h, "PUT", `/api/0/issues/${issueId}/`, { status: "resolved" });
    expect(resolved.status).toBe(200);
    await h.services.pipeline.process([record(nowSec() + 1)]);
    await drain();
    // Unresolved again, inside the cool-down: quiet.
    await h.services.pipeline.process([record(nowSec() + 2)]);
    await drain();
    expect(at("/regression").map((r) => JSON.parse(r.body).alert.reason)).toEqual([
      "A new issue was created",
      "The issue regressed (it was resolved and got a new event)",
    ]);
    const issue = await apiJson<{ status: string; substatus: string }>(h, "GET", `/api/0/issues/${issueId}/`);
    expect(issue.body).toMatchObject({ status: "unresolved", substatus: "regressed" });
  });

  it("fires only for events that pass the filters and the environment", async () => {
    await createRule({
      name: "Chrome errors in production",
      environment: "production",
      conditions: [{ id: CONDITION_IDS.firstSeen }],
      filters: [
        { id: FILTER_IDS.tagged, key: "browser", match: "eq", value: "Chrome" },
        { id: FILTER_IDS.level, match: "gte", level: "error" },
      ],
      actions: [{ id: "webhook", url: `${hook.url}/filtered` }],
    });
    await h.services.pipeline.process([
      errorRecord({ type: "Firefox", functions: ["ff"] }),
      errorRecord({
        type: "ChromeStaging",
        functions: ["cs"],
        extra: { tags: [["browser", "Chrome"]], environment: "staging" },
      }),
      errorRecord({ type: "Chrome", functions: ["ch"], extra: { tags: [["browser", "Chrome"]] } }),
    ]);
    await drain();
    expect(at("/filtered").map((r) => JSON.parse(r.body).title)).toEqual(["Chrome: x is undefined"]);
  });

  it("retries a failing webhook with backoff, logs every attempt, and gives up on a 4xx", async () => {
    const rule = await createRule({
      name: "Flaky receiver",
      conditions: [{ id: CONDITION_IDS.firstSeen }],
      filters: [{ id: FILTER_IDS.attribute, attribute: "type", match: "eq", value: "Flaky" }],
      actions: [{ id: "webhook", url: `${hook.url}/flaky` }],
    });
    hook.respondWith(503);
    await h.services.pipeline.process([errorRecord({ type: "Flaky", functions: ["flaky"] })]);
    await drain();
    expect(await drain()).toBe(0); // not due before the backoff
    await new Promise((r) => setTimeout(r, 150));
    hook.respondWith(200);
    expect(await drain()).toBe(1);
    const history = await apiJson<{ notifications: { status: string; attempts: number; deliveries: unknown[] }[] }>(
      h,
      "GET",
      `${RULES}${rule.id}/history/`,
    );
    expect(history.body.notifications).toMatchObject([
      {
        status: "delivered",
        attempts: 2,
        deliveries: [
          { attempt: 1, result: "error", httpStatus: 503 },
          { attempt: 2, result: "success", httpStatus: 200 },
        ],
      },
    ]);

    hook.respondWith(404);
    const test = await apiJson<{ results: { ok: boolean; httpStatus: number; willRetry: boolean }[] }>(
      h,
      "POST",
      `${RULES}test-fire-actions/`,
      { actions: [{ id: "webhook", url: `${hook.url}/gone` }] },
    );
    hook.respondWith(200);
    expect(test.body.results).toEqual([
      {
        action: { id: "webhook", url: `${hook.url}/gone` },
        ok: false,
        httpStatus: 404,
        error: "HTTP 404",
        willRetry: false,
      },
    ]);
  });

  it("sends a test notification through a saved rule's actions, secrets included", async () => {
    const rule = await createRule({
      name: "Saved",
      status: "disabled",
      conditions: [{ id: CONDITION_IDS.firstSeen }],
      actions: [
        { id: "webhook", url: `${hook.url}/test-fire`, secret: SECRET },
        { id: "slack", webhookUrl: `${hook.url}/slack/T000/B000/XXXX` },
        { id: "email", targetIdentifier: ["a@example.com", "b@example.com"] },
      ],
    });
    const res = await apiJson<{ results: { ok: boolean }[] }>(h, "POST", `${RULES}test-fire-actions/`, {
      ruleId: Number(rule.id),
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => r.ok)).toEqual([true, true, true]);
    const [signed] = at("/test-fire");
    expect(verifySignature(SECRET, signed?.headers["x-breakwater-signature"] as string, signed?.body ?? "").ok).toBe(
      true,
    );
    const slack = JSON.parse(at("/slack/T000/B000/XXXX")[0]?.body ?? "{}");
    expect(slack.text).toContain("Test notification: Saved");
    expect(slack.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    expect(smtp.mails.filter((m) => m.to.includes("b@example.com"))).toHaveLength(1);
    // Saving the redacted form back keeps the secrets.
    const shown = (await apiJson<AlertRuleJson>(h, "GET", `${RULES}${rule.id}/`)).body;
    expect(JSON.stringify(shown)).not.toContain("XXXX");
    expect((await apiJson(h, "PUT", `${RULES}${rule.id}/`, shown)).status).toBe(200);
    await apiJson(h, "POST", `${RULES}test-fire-actions/`, { ruleId: Number(rule.id) });
    expect(at("/slack/T000/B000/XXXX")).toHaveLength(2);
    // The editor's form as shown (placeholders) plus the rule id: the stored secrets are used.
    const fromForm = await apiJson<{ results: { ok: boolean }[] }>(h, "POST", `${RULES}test-fire-actions/`, {
      ruleId: Number(rule.id),
      actions: shown.actions.slice(0, 1),
    });
    expect(fromForm.body.results.map((r) => r.ok)).toEqual([true]);
    const last = at("/test-fire").at(-1);
    expect(verifySignature(SECRET, last?.headers["x-breakwater-signature"] as string, last?.body ?? "").ok).toBe(true);
    const noRule = await apiJson(h, "POST", `${RULES}test-fire-actions/`, { actions: shown.actions.slice(0, 1) });
    expect(noRule.status).toBe(400);
    expect(
      verifySignature(
        SECRET,
        at("/test-fire")[1]?.headers["x-breakwater-signature"] as string,
        at("/test-fire")[1]?.body ?? "",
      ).ok,
    ).toBe(true);
  });

  it("logs a failed evaluation and still stores the batch", async () => {
    const rule = await createRule({
      name: "Broken counts",
      conditions: [{ id: CONDITION_IDS.eventFrequency, value: 0, interval: "1h" }],
      actions: [{ id: "webhook", url: `${hook.url}/broken` }],
    });
    const store = h.services.events;
    const failing: Querier & Inserter = {
      query: ((text: string, schema?: z.ZodType) =>
        text.includes("uniqIf")
          ? Promise.reject(new Error("ClickHouse hiccup"))
          : store.query(text, schema as z.ZodType)) as Querier["query"],
      insertJsonEachRow: (table, rows) => store.insertJsonEachRow(table, rows),
      exec: (text) => store.exec(text),
    };
    const logged: string[] = [];
    const logger = { error: (_: unknown, msg: string) => logged.push(msg) } as unknown as Logger;
    const result = await processBatch({ db: h.services.db, events: failing, alerts: { dashboardUrl: "x", logger } }, [
      errorRecord({ type: "Broken", functions: ["broken"] }),
    ]);
    expect(result).toMatchObject({ accepted: 1, issues: 1 });
    expect(logged).toEqual(["issue alert evaluation failed; the batch is stored"]);
    await issueIdOf("Broken: x is undefined");
    await drain();
    expect(at("/broken")).toHaveLength(0);
    await apiJson(h, "DELETE", `${RULES}${rule.id}/`);
  });

  it("validates bodies and scopes rules to the organization", async () => {
    const bad = await apiJson<Record<string, unknown>>(h, "POST", RULES, { name: "x", conditions: [], actions: [] });
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty("conditions");
    const rules = await apiJson<AlertRuleJson[]>(h, "GET", RULES);
    const other = await createOtherOrg(h.services.db);
    const id = rules.body[0]?.id;
    expect((await apiJson(h, "GET", `${RULES}${id}/`, undefined, other.auth)).status).toBe(404);
    expect((await apiJson(h, "GET", "/api/0/projects/other/other-project/rules/", undefined, other.auth)).body).toEqual(
      [],
    );
    expect(
      (await apiJson(h, "DELETE", `/api/0/projects/other/other-project/rules/${id}/`, undefined, other.auth)).status,
    ).toBe(404);
    expect((await apiJson(h, "DELETE", `${RULES}${id}/`)).status).toBe(204);
    expect((await apiJson(h, "GET", `${RULES}${id}/`)).status).toBe(404);
  });
});
