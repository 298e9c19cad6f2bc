/**
 * Metric alert rules through the API, the real EventStore and the real outbox worker: a rule
 * fires when the count crosses its critical threshold and resolves when the window empties.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricAlertRuleJson } from "../../serializers/metric-alert-rule.ts";
import { apiJson } from "../../testutil/alert-api.ts";
import { startWebhookSink, type WebhookSink } from "../../testutil/alert-sinks.ts";
import { createHarness, type Harness } from "../../testutil/harness.ts";
import { createOtherOrg } from "../../testutil/other-org.ts";
import { errorRecord } from "../../testutil/records.ts";
import { MetricAlertScheduler } from "./scheduler.ts";

let h: Harness;
let hook: WebhookSink;
const RULES = "/api/0/organizations/default/alert-rules/";

beforeAll(async () => {
  hook = await startWebhookSink();
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
  await hook?.close();
});

const schedulerAt = (offsetMs: number) =>
  new MetricAlertScheduler({
    db: h.services.db,
    events: h.services.events,
    logger: h.services.logger,
    dashboardUrl: "http://dashboard.test",
    intervalMs: 60_000,
    now: () => new Date(Date.now() + offsetMs),
  });

describe("metric alert rules", () => {
  it("fire above the critical threshold and resolve when the value falls to the resolve threshold", async () => {
    const created = await apiJson<MetricAlertRuleJson>(h, "POST", RULES, {
      name: "Checkout errors",
      aggregate: "count()",
      query: "level:error browser:Firefox",
      timeWindow: 10,
      projects: ["default"],
      resolveThreshold: 0,
      triggers: [
        {
          label: "critical",
          alertThreshold: 3,
          actions: [{ id: "webhook", url: `${hook.url}/metric`, secret: "metric-secret" }],
        },
        { label: "warning", alertThreshold: 1, actions: [{ id: "webhook", url: `${hook.url}/warn` }] },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ state: "ok", aggregate: "count()", timeWindow: 10, projects: ["default"] });
    expect(JSON.stringify(created.body)).not.toContain("metric-secret");
    const path = `${RULES}${created.body.id}/`;

    const now = Math.floor(Date.now() / 1000);
    // 4 Firefox errors in the window, plus events the query must not count.
    await h.services.pipeline.process([
      ...Array.from({ length: 4 }, () => errorRecord({ type: "Metric", timestamp: now - 60 })),
      errorRecord({ type: "Metric", timestamp: now - 60, extra: { tags: [["browser", "Chrome"]] } }),
      errorRecord({ type: "Metric", timestamp: now - 60, extra: { level: "warning" } }),
      errorRecord({ type: "Metric", timestamp: now - 3_600 }),
    ]);

    const metrics = h.services.alerts.metrics;
    expect(await metrics.evaluateAll()).toBe(1);
    expect((await apiJson<MetricAlertRuleJson>(h, "GET", path)).body.state).toBe("critical");
    // Still critical: no new notification.
    expect(await metrics.evaluateAll()).toBe(0);
    await h.services.alerts.worker.drainOnce();
    const fired = hook.received.filter((r) => r.path === "/metric");
    expect(fired).toHaveLength(1);
    const payload = JSON.parse(fired[0]?.body ?? "{}");
    expect(payload.title).toBe("[Critical] Checkout errors");
    expect(payload.url).toBe(
      `http://dashboard.test/organizations/default/projects/default/settings/metric-alerts/${created.body.id}`,
    );
    expect(payload.alert.metric).toMatchObject({ value: 4, state: "critical", previousState: "ok", threshold: 3 });

    // Eleven minutes later the 10-minute window is empty: resolved, told through the critical trigger's actions.
    expect(await schedulerAt(11 * 60_000).evaluateAll()).toBe(1);
    await h.services.alerts.worker.drainOnce();
    expect(hook.received.filter((r) => r.path === "/metric").map((r) => JSON.parse(r.body).title)).toEqual([
      "[Critical] Checkout errors",
      "[Resolved] Checkout errors",
    ]);
    expect(hook.received.filter((r) => r.path === "/warn")).toHaveLength(0);

    const evaluations = await apiJson<{ value: number; state: string; changed: boolean }[]>(
      h,
      "GET",
      `${path}evaluations/`,
    );
    expect(evaluations.body.map((e) => [e.value, e.state, e.changed])).toEqual([
      [0, "ok", true],
      [4, "critical", false],
      [4, "critical", true],
    ]);
    const history = await apiJson<{ stateChanges: { state: string }[]; notifications: { status: string }[] }>(
      h,
      "GET",
      `${path}history/`,
    );
    expect(history.body.stateChanges.map((s) => s.state)).toEqual(["ok", "critical"]);
    expect(history.body.notifications.map((n) => n.status)).toEqual(["delivered", "delivered"]);
  });

  it("counts unique users", async () => {
    const created = await apiJson<MetricAlertRuleJson>(h, "POST", RULES, {
      name: "Users",
      aggregate: "count_unique(user)",
      query: "",
      timeWindow: 60,
      projects: ["default"],
      triggers: [{ label: "critical", alertThreshold: 100, actions: [] }],
    });
    expect(created.status).toBe(201);
    await h.services.alerts.metrics.evaluateAll();
    const evaluations = await apiJson<{ value: number }[]>(h, "GET", `${RULES}${created.body.id}/evaluations/`);
    // errorRecord's default user (id 42) is the only user in the last hour.
    expect(evaluations.body.map((e) => e.value)).toEqual([1]);
  });

  it("validates bodies and scopes rules to the organization", async () => {
    const noCritical = await apiJson<Record<string, unknown>>(h, "POST", RULES, {
      name: "x",
      aggregate: "count()",
      timeWindow: 5,
      projects: ["default"],
      triggers: [{ label: "warning", alertThreshold: 1 }],
    });
    expect(noCritical.status).toBe(400);
    const badQuery = await apiJson(h, "POST", RULES, {
      name: "x",
      aggregate: "count()",
      query: "just text",
      timeWindow: 5,
      projects: ["default"],
      triggers: [{ label: "critical", alertThreshold: 1 }],
    });
    expect(badQuery.status).toBe(400);
    const other = await createOtherOrg(h.services.db);
    const foreignProject = await apiJson(h, "POST", RULES, {
      name: "x",
      aggregate: "count()",
      timeWindow: 5,
      projects: ["other-project"],
      triggers: [{ label: "critical", alertThreshold: 1 }],
    });
    expect(foreignProject.status).toBe(400);
    const list = await apiJson<MetricAlertRuleJson[]>(h, "GET", RULES);
    const id = list.body[0]?.id;
    expect(
      (await apiJson(h, "GET", `/api/0/organizations/other/alert-rules/${id}/`, undefined, other.auth)).status,
    ).toBe(404);
    expect((await apiJson(h, "GET", `${RULES}${id}/`, undefined, other.auth)).status).toBe(404);
    expect((await apiJson(h, "DELETE", `${RULES}${id}/`)).status).toBe(204);
    expect((await apiJson(h, "GET", `${RULES}${id}/`)).status).toBe(404);
  });
});
