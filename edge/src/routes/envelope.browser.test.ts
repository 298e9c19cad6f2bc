/**
 * Golden request bodies from a real `@sentry/browser` 11 client running in Chromium
 * (test/fixtures/browser-*.envelope, recaptured by test/fixtures/capture-browser.ts), posted with the
 * headers the browser sent: each inbound filter drops the fixture it is about (and only with the
 * filter on), and PII is scrubbed before anything is queued.
 */

import { FiltersConfigSchema } from "@breakwater/core/filter";
import type { ProjectConfig } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import crawlerEnvelope from "../../../test/fixtures/browser-crawler.envelope?raw";
import crawlerHeaders from "../../../test/fixtures/browser-crawler.json?raw";
import errorEnvelope from "../../../test/fixtures/browser-error.envelope?raw";
import errorHeaders from "../../../test/fixtures/browser-error.json?raw";
import extensionEnvelope from "../../../test/fixtures/browser-extension.envelope?raw";
import extensionHeaders from "../../../test/fixtures/browser-extension.json?raw";
import legacyEnvelope from "../../../test/fixtures/browser-legacy-browser.envelope?raw";
import legacyHeaders from "../../../test/fixtures/browser-legacy-browser.json?raw";
import localhostEnvelope from "../../../test/fixtures/browser-localhost.envelope?raw";
import localhostHeaders from "../../../test/fixtures/browser-localhost.json?raw";
import messageEnvelope from "../../../test/fixtures/browser-message.envelope?raw";
import messageHeaders from "../../../test/fixtures/browser-message.json?raw";
import transactionEnvelope from "../../../test/fixtures/browser-transaction.envelope?raw";
import transactionHeaders from "../../../test/fixtures/browser-transaction.json?raw";
import { newHarnessWithOwnKey, sentryAuth } from "../testutil/harness.ts";
import { outcomeTotals } from "../testutil/outcomes.ts";
import { asEvent } from "../testutil/records.ts";

interface Fixture {
  envelope: string;
  headers: string;
}

const fixtures = {
  error: { envelope: errorEnvelope, headers: errorHeaders },
  extension: { envelope: extensionEnvelope, headers: extensionHeaders },
  legacy: { envelope: legacyEnvelope, headers: legacyHeaders },
  crawler: { envelope: crawlerEnvelope, headers: crawlerHeaders },
  localhost: { envelope: localhostEnvelope, headers: localhostHeaders },
  message: { envelope: messageEnvelope, headers: messageHeaders },
  transaction: { envelope: transactionEnvelope, headers: transactionHeaders },
} satisfies Record<string, Fixture>;

/** Every filter on, as a project owner would turn them on. */
const ALL_FILTERS = FiltersConfigSchema.parse({
  localhost: { isEnabled: true },
  browserExtensions: { isEnabled: true },
  webCrawlers: { isEnabled: true },
  legacyBrowsers: { isEnabled: true, options: ["default"] },
});

/** Posts a fixture as the browser did (its headers, `sent_at` as the edge's clock) to a key of its own. */
async function send(fixture: Fixture, config: Partial<ProjectConfig> = {}) {
  const { headers } = JSON.parse(fixture.headers) as { headers: Record<string, string> };
  const { sent_at } = JSON.parse(fixture.envelope.slice(0, fixture.envelope.indexOf("\n"))) as { sent_at: string };
  const { h, keyId, projectId, publicKey } = newHarnessWithOwnKey(config, {
    now: () => Date.parse(sent_at) + 1_000,
  });
  const res = await h.request(`/api/${projectId}/envelope/`, {
    method: "POST",
    body: new TextEncoder().encode(fixture.envelope),
    headers: { ...headers, "x-sentry-auth": sentryAuth(publicKey, "sentry.javascript.browser/11.12.0") },
  });
  return { h, res, totals: outcomeTotals(h.outcomes.rows(), keyId) };
}

describe("@sentry/browser 11 envelopes and the inbound filters", () => {
  it("a plain exception passes every filter and is queued with its browser context", async () => {
    const { h, res, totals } = await send(fixtures.error, { filters: ALL_FILTERS });
    expect(res.status).toBe(200);
    expect(totals).toEqual({ "accepted - error": 1 });
    const { event } = asEvent(h.queue.records()[0]);
    expect(event.exception?.values.at(-1)).toMatchObject({ type: "TypeError", value: "coupon SPRING is not valid" });
    expect(event.platform).toBe("javascript");
    expect(event.request?.url).toBe("https://shop.example.com/checkout?step=2");
  });

  it.each([
    ["an error from a browser extension's frames", fixtures.extension, "browser-extensions"],
    ["an IE 9 user agent", fixtures.legacy, "legacy-browsers"],
    ["a crawler's user agent (Googlebot)", fixtures.crawler, "web-crawlers"],
    ["a page on localhost", fixtures.localhost, "localhost"],
  ])("%s: filtered (%s) with the filter on, accepted with it off", async (_what, fixture, reason) => {
    const on = await send(fixture, { filters: ALL_FILTERS });
    expect(on.res.status).toBe(200);
    expect(on.h.queue.sent).toHaveLength(0);
    expect(on.totals).toEqual({ [`filtered ${reason} error`]: 1 });
    const off = await send(fixture);
    expect(off.totals).toEqual({ "accepted - error": 1 });
  });

  it("a browser transaction passes the filters and is queued as a transaction", async () => {
    const { h, totals } = await send(fixtures.transaction, { filters: ALL_FILTERS });
    expect(totals).toEqual({ "accepted - transaction": 1 });
    const [record] = h.queue.records();
    expect(record?.kind === "transaction" && record.event).toMatchObject({
      transaction: "checkout.submit",
      contexts: { trace: { op: "ui.action" } },
      spans: [expect.objectContaining({ op: "http.client", description: "POST /api/orders" })],
    });
  });
});

describe("@sentry/browser 11 envelopes and PII scrubbing", () => {
  it("a message full of secrets leaves the edge with none of them", async () => {
    const { h, res, totals } = await send(fixtures.message);
    expect(res.status).toBe(200);
    expect(totals).toEqual({ "accepted - error": 1 });
    const queued = JSON.stringify(h.queue.records());
    // Card (Luhn), password field, URL credentials, bearer token, IBAN, US SSN: all sent by the SDK.
    expect(fixtures.message.envelope).toContain("4111 1111 1111 1111");
    for (const secret of [
      "4111 1111 1111 1111",
      "hunter2",
      "s3cr3t-pass",
      "eyJhbGciOiJIUzI1NiJ9",
      "DE89370400440532013000",
      "078-05-1120",
    ]) {
      expect(queued).not.toContain(secret);
    }
    const { event } = asEvent(h.queue.records()[0]);
    expect(event.logentry?.formatted).toMatch(/^Payment declined for card \S+/);
    expect(event.user).toMatchObject({ id: "u-17" });
  });
});
