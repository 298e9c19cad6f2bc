/**
 * The dashboard in a real browser against the real stack (backend, edge under `wrangler dev`, the
 * dashboard built and served in production mode), with events sent by the real `@sentry/node` SDK:
 * login, the first-event empty state, the issue stream (search, keyboard, bulk ignore), issue
 * detail, resolve, a key rate-limit change, spike protection settings, usage stats, CSRF refusals,
 * logout. Screenshots land in test-results/screenshots/.
 */
import * as Sentry from "@sentry/node";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestStack, type TestStack } from "../e2e/harness.ts";
import { launchBrowser, screenshot } from "./browser.ts";

interface ApiIssue {
  id: string;
  title: string;
  status: string;
}

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  stack = await startTestStack({ dashboard: true, dashboardMode: "production" });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: DESKTOP });
  page = await context.newPage();
  Sentry.init({
    dsn: stack.dsn,
    release: "shop@2.0.0",
    environment: "browser-test",
    tracesSampleRate: 0,
    integrations: (defaults) =>
      defaults.filter((i) => !["OnUncaughtException", "OnUnhandledRejection"].includes(i.name)),
  });
  Sentry.setUser({ id: "u-1", email: "buyer@example.com" });
  Sentry.setTag("shop", "eu");
  // Building the dashboard (react-router build) comes on top of the usual stack start.
}, 360_000);

afterAll(async () => {
  await Sentry.close(2_000);
  await browser?.close();
  await stack?.close();
});

const dash = (path: string) => `${stack.dashboardUrl}${path}`;
const ISSUES = "/organizations/default/projects/default/issues";

function loadInvoice(id: string): never {
  throw new TypeError(`invoice ${id} is undefined`);
}
function chargeCard(): never {
  throw new RangeError("amount out of range");
}

async function sendEvents(): Promise<void> {
  Sentry.addBreadcrumb({ category: "ui.click", message: "clicked Pay", level: "info" });
  for (const fn of [() => loadInvoice("INV-9"), chargeCard]) {
    try {
      fn();
    } catch (e) {
      Sentry.captureException(e);
    }
  }
  Sentry.captureMessage("Cache warm-up skipped", "warning");
  expect(await Sentry.flush(10_000)).toBe(true);
}

async function issueByTitle(title: string): Promise<ApiIssue | undefined> {
  const res = await stack.api<ApiIssue[]>("/api/0/projects/default/default/issues/?query=&statsPeriod=");
  return res.body.find((i) => i.title === title);
}

describe("dashboard in Chromium", () => {
  it("refuses a wrong password, then logs in with an HttpOnly SameSite=Lax session cookie", async () => {
    await page.goto(dash(ISSUES));
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.fill('input[name="email"]', stack.admin.email);
    await page.fill('input[name="password"]', "not the password");
    await page.click('button[type="submit"]');
    await page.getByText("Wrong email or password.").waitFor();

    await page.fill('input[name="password"]', stack.admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => url.pathname === ISSUES);
    const [cookie] = (await context.cookies()).filter((c) => c.name === "__bw_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
    // The cookie is signed base64 JSON; the backend token inside is sealed, not readable.
    const payload = decodeURIComponent(cookie?.value ?? "").split(".")[0] ?? "";
    expect(Buffer.from(payload, "base64").toString("utf8")).toContain('"csrf"');
    expect(Buffer.from(payload, "base64").toString("utf8")).not.toMatch(/bws_/);
  });

  it("shows a new project how to send its first event, with its DSN", async () => {
    await page.goto(dash(ISSUES));
    await page.getByText("Waiting for your first event").waitFor();
    expect(await page.getByTestId("first-event-dsn").textContent()).toBe(stack.dsn);
    await screenshot(page, "01-first-event");
  });

  it("lists the SDK's issues with title, culprit, level, counts and sparkline", async () => {
    await sendEvents();
    await eventually(() => issueByTitle("RangeError: amount out of range"));
    await eventually(() => issueByTitle("TypeError: invoice INV-9 is undefined"));
    await eventually(() => issueByTitle("Cache warm-up skipped"));
    await page.goto(dash(ISSUES));
    const rows = page.getByTestId("issue-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    const text = (await page.locator(".issue-list").textContent()) ?? "";
    expect(text).toContain("TypeError");
    expect(text).toContain("invoice INV-9 is undefined");
    expect(text).toContain("loadInvoice");
    expect(await page.locator(".issue-row .sparkline").count()).toBe(3);
    await screenshot(page, "02-issue-list-1280");
    await page.setViewportSize(PHONE);
    await screenshot(page, "03-issue-list-390");
    // Nothing overflows sideways on a phone.
    const overflow = await page.evaluate(
      // Runs in the page; typed loosely because this package does not load the DOM lib.
      "document.documentElement.scrollWidth - window.innerWidth",
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize(DESKTOP);
  });

  it("searches with the issue search syntax", async () => {
    await page.fill("#issue-search", "is:unresolved invoice");
    await page.press("#issue-search", "Enter");
    await page.waitForURL((url) => url.searchParams.get("query") === "is:unresolved invoice");
    await eventually(async () => ((await page.getByTestId("issue-row").count()) === 1 ? true : undefined), 10_000);
    expect(await page.getByTestId("issue-row").first().textContent()).toContain("invoice INV-9");
    await screenshot(page, "04-search");
  });

  it("sorts the stream", async () => {
    await page.goto(dash(`${ISSUES}?query=`));
    await page.selectOption('select[name="sort"]', "new");
    await page.waitForURL((url) => url.searchParams.get("sort") === "new");
    await eventually(async () => ((await page.getByTestId("issue-row").count()) === 3 ? true : undefined), 10_000);
    // The rows come in the backend's order for that sort.
    const api = await stack.api<ApiIssue[]>("/api/0/projects/default/default/issues/?query=&sort=new&statsPeriod=");
    const titles = await page.locator(".issue-row .issue-title").allTextContents();
    expect(titles.map((t) => t.replace(/^(error|warning)/, "").split(" ")[0])).toEqual(
      api.body.map((i) => i.title.split(":")[0]?.split(" ")[0]),
    );
    await page.goto(dash(`${ISSUES}?query=${encodeURIComponent("is:unresolved invoice")}`));
    await page.getByTestId("issue-row").first().waitFor();
  });

  it("opens an issue from the keyboard and shows its latest event", async () => {
    await page.locator("#issue-search").blur();
    await page.keyboard.press("j");
    await page.locator(".issue-row.active").waitFor();
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => /\/issues\/\d+$/.test(url.pathname));
    await page.getByRole("heading", { name: "Exception" }).waitFor();
    const body = (await page.locator(".issue-detail").textContent()) ?? "";
    expect(body).toContain("invoice INV-9 is undefined");
    expect(body).toContain("loadInvoice");
    expect(body).toContain("clicked Pay");
    expect(body).toContain("buyer@example.com");
    expect(body).toContain("sentry.javascript.node");
    // The crashing in-app frame is highlighted and open with its context lines.
    const inApp = page.locator(".frame.in-app").first();
    expect(await inApp.locator(".context li.current").textContent()).toContain("throw new TypeError");
    // Tag breakdown bars from GET /api/0/issues/{id}/tags/ (environment, release, the SDK's tags).
    expect(await page.locator(".tag-bar").count()).toBeGreaterThan(3);
    expect(await page.locator(".tag-bars").textContent()).toContain("browser-test");
    await page.locator("canvas").first().waitFor();
    await screenshot(page, "05-issue-detail");
    await page.getByRole("button", { name: "JSON" }).click();
    expect(await page.getByTestId("event-json").textContent()).toContain('"eventID"');
    await page.getByRole("button", { name: "JSON" }).click();
  });

  it("resolves the issue from its page", async () => {
    const id = new URL(page.url()).pathname.split("/").pop() ?? "";
    await page.getByRole("button", { name: "Resolve" }).click();
    await eventually(
      async () => ((await page.getByTestId("issue-status").textContent()) === "resolved" ? true : undefined),
      10_000,
    );
    const api = await stack.api<ApiIssue>(`/api/0/issues/${id}/`);
    expect(api.body.status).toBe("resolved");
    await page.getByRole("button", { name: "Reopen" }).waitFor();
  });

  it("ignores issues in bulk from the stream", async () => {
    await page.goto(dash(`${ISSUES}?query=${encodeURIComponent("is:unresolved RangeError")}`));
    await page.getByTestId("issue-row").first().waitFor();
    await page.getByTestId("issue-row").first().locator('input[type="checkbox"]').check();
    await page.getByRole("button", { name: "Ignore", exact: true }).click();
    await page.getByText("1 issue marked ignored.").waitFor();
    const issue = await issueByTitle("RangeError: amount out of range");
    expect(issue?.status).toBe("ignored");
  });

  it("changes a DSN key's rate limit", async () => {
    await page.goto(dash("/organizations/default/projects/default/settings/keys"));
    const card = page.getByTestId("key-card").first();
    await card.locator('input[name="count"]').fill("100");
    await card.locator('input[name="window"]').fill("60");
    await card.getByRole("button", { name: "Save limit" }).click();
    await page.getByText("Rate limit saved.").waitFor();
    const keys = await stack.api<{ rateLimit: unknown }[]>("/api/0/projects/default/default/keys/");
    expect(keys.body[0]?.rateLimit).toEqual({ window: 60, count: 100 });
    await screenshot(page, "06-keys");
  });

  it("adds and removes a project quota", async () => {
    await page.goto(dash("/organizations/default/projects/default/settings/quotas"));
    await page.fill('form input[name="id"]', "errors-per-hour");
    await page.fill('input[name="limit"]', "5000");
    await page.check('input[name="categories"][value="error"]');
    await page.getByRole("button", { name: "Add quota" }).click();
    await page.getByText("Quotas saved.").waitFor();
    const quotas = await stack.api<{ quotas: unknown[] }>("/api/0/projects/default/default/quotas/");
    expect(quotas.body.quotas).toEqual([
      {
        id: "errors-per-hour",
        scope: "project",
        categories: ["error"],
        limit: 5000,
        window: 3600,
        reasonCode: "project_quota",
      },
    ]);
    await screenshot(page, "07-quotas");
    await page.getByRole("button", { name: "Remove" }).click();
    await page.getByText("No project quotas").waitFor();
    expect((await stack.api<{ quotas: unknown[] }>("/api/0/projects/default/default/quotas/")).body.quotas).toEqual([]);
  });

  it("changes spike protection and shows the baseline", async () => {
    await page.goto(dash("/organizations/default/projects/default/settings/spike-protection"));
    expect(await page.getByTestId("spike-figures").textContent()).toContain("Baseline");
    await page.fill('input[name="floor"]', "500");
    await page.fill('input[name="multiplier"]', "3");
    await page.uncheck('input[name="enabled"]');
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Spike protection saved.").waitFor();
    const spike = await stack.api("/api/0/projects/default/default/spike-protection/");
    expect(spike.body).toMatchObject({ enabled: false, floor: 500, multiplier: 3 });
    await screenshot(page, "08-spike-protection");
  });

  it("shows usage stats per outcome, with the SDK's events accepted", async () => {
    // The edge reports outcomes per minute, so the accepted count may take a while to arrive.
    await eventually(
      async () => {
        await page.goto(dash("/organizations/default/stats"));
        const accepted = Number(await page.getByTestId("stats-accepted").textContent());
        return accepted >= 3 ? accepted : undefined;
      },
      150_000,
      5_000,
    );
    expect(await page.getByTestId("stats-totals").textContent()).toContain("Rate limited");
    await screenshot(page, "09-stats");
  }, 200_000);

  it("refuses actions without the session's CSRF token or from another origin", async () => {
    const cookie = (await context.cookies()).find((c) => c.name === "__bw_session");
    const headers = { Cookie: `__bw_session=${cookie?.value}`, "Content-Type": "application/x-www-form-urlencoded" };
    const url = dash("/organizations/default/projects/default/settings/spike-protection");
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const body = (token: string) => new URLSearchParams({ csrf: token, enabled: "on", floor: "1", multiplier: "1" });
    const origin = stack.dashboardUrl ?? "";
    const noToken = await fetch(url, { method: "POST", headers: { ...headers, Origin: origin }, body: body("") });
    const wrongToken = await fetch(url, {
      method: "POST",
      headers: { ...headers, Origin: origin },
      body: body("x".repeat(43)),
    });
    const foreign = await fetch(url, {
      method: "POST",
      headers: { ...headers, Origin: "http://evil.example" },
      body: body(csrf),
    });
    // Without Origin, a foreign Referer is refused by our origin check (React Router's own check
    // only looks at Origin, and refuses a foreign one with 400 before our middleware's 403).
    const foreignReferer = await fetch(url, {
      method: "POST",
      headers: { ...headers, Referer: "http://evil.example/form" },
      body: body(csrf),
    });
    expect([noToken.status, wrongToken.status, foreignReferer.status]).toEqual([403, 403, 403]);
    expect([400, 403]).toContain(foreign.status);
    const spike = await stack.api("/api/0/projects/default/default/spike-protection/");
    expect(spike.body).toMatchObject({ enabled: false, floor: 500, multiplier: 3 });
    // The same request with the token and our origin goes through: the refusals were the checks.
    const ok = await fetch(url, {
      method: "POST",
      headers: { ...headers, Origin: origin },
      body: body(csrf),
      redirect: "manual",
    });
    expect(ok.status).toBe(200);
    expect((await stack.api("/api/0/projects/default/default/spike-protection/")).body).toMatchObject({
      enabled: true,
      floor: 1,
    });
  });

  it("shows an error page, not a stack trace, for an unknown issue", async () => {
    const res = await page.goto(dash(`${ISSUES}/999999999`));
    expect(res?.status()).toBe(404);
    await page.getByRole("alert").waitFor();
    const text = (await page.getByRole("alert").textContent()) ?? "";
    expect(text).toContain("404");
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    // The app chrome (switchers, nav) stays, so the user can go elsewhere.
    await page.getByRole("link", { name: "Issues" }).waitFor();
  });

  it("logs out and ends the backend session", async () => {
    const cookie = (await context.cookies()).find((c) => c.name === "__bw_session");
    await page.goto(dash(ISSUES));
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    // The old cookie no longer opens anything: the backend session is gone.
    const replay = await fetch(dash(ISSUES), {
      headers: { Cookie: `__bw_session=${cookie?.value}` },
      redirect: "manual",
    });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toContain("/login");
  });
});
