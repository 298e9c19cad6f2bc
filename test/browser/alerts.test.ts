/**
 * The alert rule pages in a real browser against the real stack: create an issue alert rule in the
 * editor, send a test notification from it (it arrives at a local webhook receiver), let a real SDK
 * error fire the rule, read the rule's alert history, and create a metric alert whose page charts
 * its evaluations. Screenshots land in test-results/screenshots/.
 */
import * as Sentry from "@sentry/node";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookSink, type WebhookSink } from "../../backend/src/testutil/alert-sinks.ts";
import { eventually, startTestStack, type TestStack } from "../e2e/harness.ts";
import { launchBrowser, screenshot } from "./browser.ts";

let stack: TestStack;
let browser: Browser;
let page: Page;
let hook: WebhookSink;

const SETTINGS = "/organizations/default/projects/default/settings";

beforeAll(async () => {
  hook = await startWebhookSink();
  stack = await startTestStack({
    dashboard: true,
    dashboardMode: "production",
    backendVars: { BREAKWATER_METRIC_ALERTS_INTERVAL_MS: "500", BREAKWATER_ALERTS_POLL_MS: "200" },
  });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  Sentry.init({
    dsn: stack.dsn,
    environment: "browser-alerts",
    tracesSampleRate: 0,
    integrations: (defaults) =>
      defaults.filter((i) => !["OnUncaughtException", "OnUnhandledRejection"].includes(i.name)),
  });
}, 360_000);

afterAll(async () => {
  await Sentry.close(2_000);
  await browser?.close();
  await stack?.close();
  await hook?.close();
});

const dash = (path: string) => `${stack.dashboardUrl}${path}`;

describe("alert rule pages in Chromium", () => {
  it("logs in", async () => {
    await page.goto(dash(`${SETTINGS}/alerts`));
    await page.fill('input[name="email"]', stack.admin.email);
    await page.fill('input[name="password"]', stack.admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => url.pathname === `${SETTINGS}/alerts`);
    await page.getByText("No issue alert rules yet.").waitFor();
  });

  it("creates an issue alert rule, sends a test notification, and fires on a real error", async () => {
    await page.getByRole("link", { name: "New issue alert" }).click();
    await page.waitForURL((url) => url.pathname === `${SETTINGS}/alerts/new`);
    await page.fill('input[name="name"]', "Checkout errors");
    await page.fill('input[name="tag_key"]', "area");
    await page.fill('input[name="tag_value"]', "checkout");
    await page.fill('input[name="webhook_url"]', `${hook.url}/browser`);
    await page.fill('input[name="webhook_secret"]', "browser-secret-1");
    await page.fill('input[name="frequency"]', "10");
    // A count condition next to "new issue" (any of them fires the rule).
    await page.check('input[name="cond_users"]');
    await page.fill('input[name="users_value"]', "7");
    await screenshot(page, "alerts-01-editor");
    await page.getByRole("button", { name: "Create rule" }).click();
    await page.waitForURL((url) => /\/settings\/alerts\/\d+$/.test(url.pathname));
    // The saved rule fills the editor's count condition back in.
    expect(await page.isChecked('input[name="cond_users"]')).toBe(true);
    expect(await page.inputValue('input[name="users_value"]')).toBe("7");
    // The stored secret is never sent back to the browser.
    expect(await page.content()).not.toContain("browser-secret-1");

    await page.getByRole("button", { name: "Send test notification" }).click();
    await page.getByText("Test notification sent.").waitFor();
    const test = await eventually(async () => hook.received.find((r) => r.path === "/browser"));
    expect(JSON.parse(test.body).title).toBe("Test notification: Checkout errors");
    expect(test.headers["x-breakwater-signature"]).toBeTruthy();

    Sentry.withScope((scope) => {
      scope.setTag("area", "checkout");
      Sentry.captureException(new Error("card declined at checkout"));
    });
    expect(await Sentry.flush(10_000)).toBe(true);
    const fired = await eventually(async () =>
      hook.received.map((r) => JSON.parse(r.body)).find((p) => p.title === "Error: card declined at checkout"),
    );
    expect(fired.url).toMatch(/\/organizations\/default\/projects\/default\/issues\/\d+$/);

    await page.getByRole("link", { name: "Alert history" }).click();
    await page.getByTestId("group-history").getByText("Error: card declined at checkout").waitFor();
    await page.getByTestId("notifications").getByText("delivered").first().waitFor();
    await screenshot(page, "alerts-02-history");
  });

  it("creates a metric alert and charts its evaluations", async () => {
    await page.goto(dash(`${SETTINGS}/alerts`));
    await page.getByRole("link", { name: "New metric alert" }).click();
    await page.fill('input[name="name"]', "Error rate");
    await page.fill('input[name="timeWindow"]', "60");
    await page.fill('input[name="critical"]', "0");
    await page.fill('input[name="webhook_url"]', `${hook.url}/metric`);
    await page.getByRole("button", { name: "Create rule" }).click();
    await page.waitForURL((url) => /\/settings\/metric-alerts\/\d+$/.test(url.pathname));
    // The scheduler runs every 0.5 s; one error in the last hour is above 0: critical.
    await eventually(async () => hook.received.find((r) => r.path === "/metric"), 30_000);
    await page.reload();
    expect(await page.getByTestId("metric-state").textContent()).toBe("critical");
    await page.locator(".chart canvas").waitFor();
    await screenshot(page, "alerts-03-metric");
    await page.goto(dash(`${SETTINGS}/alerts`));
    expect(await page.getByTestId("issue-rules").textContent()).toContain("Checkout errors");
    expect(await page.getByTestId("issue-rules").textContent()).toContain("more than 7 users affected in 1h");
    expect(await page.getByTestId("metric-rules").textContent()).toContain("critical");
  });
});
