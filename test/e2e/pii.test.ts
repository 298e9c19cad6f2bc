/**
 * PII never crosses to the backend unscrubbed: a real `@sentry/node` event full of secrets is stored
 * and served without any of them (issue 4's "done when").
 */
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestStack, type TestStack } from "./harness.ts";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const SECRETS = {
  password: "correct-horse-battery-staple",
  card: "4111 1111 1111 1111",
  cardPlain: "5555555555554444",
  token: "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
  iban: "DE89370400440532013000",
  ssn: "078-05-1120",
  urlPassword: "p4ssw0rd-in-url",
};

describe("PII scrubbing end to end", () => {
  it("stores the event with none of the secrets the SDK sent", async () => {
    const client = new Sentry.NodeClient({
      dsn: stack.dsn,
      transport: Sentry.makeNodeTransport,
      stackParser: Sentry.defaultStackParser,
      integrations: [],
    });
    const scope = new Sentry.Scope();
    scope.setClient(client);
    client.init();
    scope.setExtra("password", SECRETS.password);
    scope.setExtra("payment", { card: SECRETS.cardPlain, iban: SECRETS.iban, ssn: SECRETS.ssn });
    scope.setContext("vcs", { auth: `Bearer ${SECRETS.token}` });
    scope.addBreadcrumb({ message: `GET https://admin:${SECRETS.urlPassword}@internal.example.com/api` });
    scope.captureException(new Error(`charge failed for card ${SECRETS.card}`));
    expect(await client.flush(10_000)).toBe(true);

    const issue = await eventually(async () => {
      const res = await stack.api<Array<{ id: string; title: string }>>(
        "/api/0/projects/default/default/issues/?query=",
      );
      return res.body.find((i) => i.title.startsWith("Error: charge failed for card"));
    });
    const latest = await stack.api<Record<string, unknown>>(`/api/0/issues/${issue.id}/events/latest/`);
    expect(latest.status).toBe(200);
    const stored = JSON.stringify(latest.body) + JSON.stringify(issue);
    for (const secret of Object.values(SECRETS)) expect(stored).not.toContain(secret);
    // The event is still useful: the message keeps its shape around the redaction.
    expect(stored).toContain("charge failed for card");
  });
});
