import { describe, expect, it } from "vitest";
import { redactAction, restoreSecrets } from "./redact.ts";
import { type Action, REDACTED } from "./rule-config.ts";

const hook: Action = { id: "webhook", url: "https://example.com/hook?x=1", secret: "s3cret-signing-key" };
const slack: Action = { id: "slack", webhookUrl: "https://hooks.slack.com/services/T0/B0/XYZ" };

describe("secrets in actions", () => {
  it("never show", () => {
    const shown = JSON.stringify([hook, slack].map(redactAction));
    expect(shown).not.toContain("s3cret");
    expect(shown).not.toContain("T0/B0/XYZ");
    expect(redactAction(slack)).toEqual({ id: "slack", webhookUrl: `https://hooks.slack.com/${REDACTED}` });
  });

  it("come back from storage when the placeholder is sent", () => {
    const incoming = [
      redactAction(hook),
      redactAction(slack),
      { id: "webhook", url: "https://b.example/", secret: "new-secret-1" },
    ] as Action[];
    expect(restoreSecrets(incoming, [hook, slack])).toEqual([hook, slack, incoming[2]]);
    expect(restoreSecrets([redactAction(hook)], [])).toEqual({ missing: 0 });
  });
});
